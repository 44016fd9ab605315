import paramiko

host_key = paramiko.RSAKey.generate(bits=1024)  # WARD-EXPECT[RSA-1024]
