require 'openssl'

key = OpenSSL::PKey::RSA.new(3072)  # WARD-EXPECT[RSA-3072]
