package com.example.bc;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.DSA;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.signers.*;

public class BcOps {
    static final int KEY_BITS = 2048;

    static byte[] rsaSign(CipherParameters key, byte[] msg) throws Exception {
        RSADigestSigner signer = new RSADigestSigner(new SHA256Digest()); // WARD-EXPECT[RSA,SHA-256]
        signer.init(true, key);
        signer.update(msg, 0, msg.length);
        return signer.generateSignature();
    }

    static Signer ecSigner() {
        return new DSADigestSigner(new ECDSASigner(), new SHA256Digest()); // WARD-EXPECT[ECDSA,SHA-256]
    }

    static Signer dsaSigner() {
        DSA dsa = new DSASigner(); // WARD-EXPECT[DSA]
        return new DSADigestSigner(dsa, new SHA1Digest()); // WARD-EXPECT[DSA,SHA-1]
    }

    static Signer pss() {
        return new PSSSigner(new RSAEngine(), new SHA256Digest(), 32); // WARD-EXPECT[RSA,SHA-256]
    }

    static Signer iso() {
        return new ISO9796d2Signer(new RSAEngine(), new SHA1Digest(), true); // WARD-EXPECT[RSA,SHA-1]
    }

    static Signer x931() {
        return new X931Signer(new RSAEngine(), new SHA256Digest()); // WARD-EXPECT[RSA,SHA-256]
    }

    static Signer generic(AsymmetricBlockCipher engine) {
        return new GenericSigner(engine, new SHA256Digest()); // WARD-EXPECT[RSA,SHA-256]
    }

    static Signer genericRsa() {
        return generic(new RSAEngine()); // WARD-EXPECT[RSA]
    }

    static Signer ed(byte[] context) {
        return new Ed25519ctxSigner(context); // WARD-EXPECT[Ed25519]
    }

    static AsymmetricCipherKeyPair rsaKeys(int bits) {
        RSAKeyPairGenerator gen = new RSAKeyPairGenerator(); // WARD-EXPECT[RSA-2048]
        gen.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), new SecureRandom(), bits, 80));
        return gen.generateKeyPair();
    }

    static AsymmetricCipherKeyPair defaultKeys() {
        return rsaKeys(KEY_BITS);
    }
}
