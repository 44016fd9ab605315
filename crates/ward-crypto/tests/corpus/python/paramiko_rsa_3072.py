import paramiko

host_key = paramiko.RSAKey.generate(bits=3072)  # WARD-EXPECT[RSA-3072]
