require 'openssl'
require 'digest'

ec = OpenSSL::PKey::EC.generate('secp384r1')  # WARD-EXPECT[ECDSA-P384]
d = Digest::MD5.hexdigest(data)  # WARD-EXPECT[MD5]
s = OpenSSL::Digest::SHA1.new  # WARD-EXPECT[SHA-1]
c = OpenSSL::Cipher.new('des-ede3-cbc')  # WARD-EXPECT[3DES]
c2 = OpenSSL::Cipher.new('aes-256-gcm')  # WARD-EXPECT[AES-256]
dsa = OpenSSL::PKey::DSA.new(1024)  # WARD-EXPECT[DSA-1024]
