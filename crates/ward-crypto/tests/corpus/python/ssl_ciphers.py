import ssl

ctx = ssl.create_default_context()
ctx.set_ciphers("ECDHE-RSA-AES256-GCM-SHA384:RC4-SHA")  # WARD-EXPECT[ECDH,RSA,AES-256,RC4]
