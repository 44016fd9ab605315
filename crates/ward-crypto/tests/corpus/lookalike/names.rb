md5sum_path = "/tmp/x"
rsa_count = 3
# OpenSSL is mentioned here, but no PKey class is used
