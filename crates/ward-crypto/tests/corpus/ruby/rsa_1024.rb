require 'openssl'

key = OpenSSL::PKey::RSA.new(1024)  # WARD-EXPECT[RSA-1024]
