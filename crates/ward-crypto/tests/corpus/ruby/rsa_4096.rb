require 'openssl'

key = OpenSSL::PKey::RSA.new(4096)  # WARD-EXPECT[RSA-4096]
