require 'openssl'

module Keys
  RSA_BITS = 2048

  def self.rsa
    OpenSSL::PKey::RSA.new(RSA_BITS) # WARD-EXPECT[RSA-2048]
  end

  def self.ec
    OpenSSL::PKey::EC.generate('secp384r1') # WARD-EXPECT[ECDSA-P384]
  end

  def self.dh
    OpenSSL::PKey::DH.new(1024) # WARD-EXPECT[DH-1024]
  end

  def self.digest(data)
    OpenSSL::Digest::SHA1.hexdigest(data) # WARD-EXPECT[SHA-1]
  end

  def self.cipher
    OpenSSL::Cipher.new('des-ede3-cbc') # WARD-EXPECT[3DES]
  end
end
