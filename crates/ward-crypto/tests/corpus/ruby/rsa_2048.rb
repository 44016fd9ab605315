require 'openssl'

key = OpenSSL::PKey::RSA.new(2048)  # WARD-EXPECT[RSA-2048]
