import paramiko

host_key = paramiko.RSAKey.generate(bits=4096)  # WARD-EXPECT[RSA-4096]
