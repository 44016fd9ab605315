package com.example.bc;

import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.BufferedAsymmetricBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.encodings.PKCS1Encoding;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.generators.KDF2BytesGenerator;
import org.bouncycastle.crypto.kems.ECIESKEMExtractor;
import org.bouncycastle.crypto.kems.ECIESKEMGenerator;
import org.bouncycastle.crypto.kems.RSAKEMExtractor;
import org.bouncycastle.crypto.kems.RSAKEMGenerator;

public class BcEncrypt {
    private final AsymmetricBlockCipher engine = new RSAEngine(); // WARD-EXPECT[RSA]

    byte[] encrypt(CipherParameters pub, byte[] data) throws Exception {
        AsymmetricBlockCipher cipher = new OAEPEncoding(engine); // WARD-EXPECT[RSA]
        BufferedAsymmetricBlockCipher buf = new BufferedAsymmetricBlockCipher(cipher); // WARD-EXPECT[RSA]
        buf.init(true, pub);
        buf.processBytes(data, 0, data.length);
        return buf.doFinal();
    }

    byte[] legacyEncrypt(CipherParameters pub, byte[] data) throws Exception {
        AsymmetricBlockCipher c = new PKCS1Encoding(new RSAEngine()); // WARD-EXPECT[RSA]
        c.init(true, pub);
        return c.processBlock(data, 0, data.length);
    }

    void kem(CipherParameters rsaPub, CipherParameters ecPub, SecureRandom random) {
        KDF2BytesGenerator kdf = new KDF2BytesGenerator(new SHA256Digest()); // WARD-EXPECT[SHA-256]
        RSAKEMGenerator rsaKem = new RSAKEMGenerator(32, kdf, random); // WARD-EXPECT[RSA]
        ECIESKEMGenerator ecKem = new ECIESKEMGenerator(32, kdf, random); // WARD-EXPECT[ECDH]
    }

    void extract(CipherParameters rsaPriv, CipherParameters ecPriv, KDF2BytesGenerator kdf) {
        RSAKEMExtractor a = new RSAKEMExtractor(rsaPriv, 32, kdf); // WARD-EXPECT[RSA]
        ECIESKEMExtractor b = new ECIESKEMExtractor(ecPriv, 32, kdf); // WARD-EXPECT[ECDH]
    }
}
