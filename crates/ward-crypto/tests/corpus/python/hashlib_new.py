import hashlib

h = hashlib.new("md5")  # WARD-EXPECT[MD5]
h2 = hashlib.new('sha384')  # WARD-EXPECT[SHA-384]
