import paramiko

host_key = paramiko.RSAKey.generate(bits=2048)  # WARD-EXPECT[RSA-2048]
