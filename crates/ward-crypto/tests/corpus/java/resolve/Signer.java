package com.example.sign;

import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

public class Signer {
    private static final String DIGEST = "SHA256";
    private final String algorithm;

    public Signer(boolean legacy) {
        this.algorithm = legacy ? "SHA1withDSA" : DIGEST + "withECDSA";
    }

    public byte[] sign(PrivateKey key, byte[] data) throws Exception {
        Signature s = Signature.getInstance(algorithm); // WARD-EXPECT[DSA,SHA-1,ECDSA]
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    public byte[] signPss(PrivateKey key, byte[] data) throws Exception {
        Signature s = Signature.getInstance("RSASSA-PSS"); // WARD-EXPECT[RSA]
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1)); // WARD-EXPECT[RSA]
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    public static Signature rsa(String hash) throws Exception {
        return Signature.getInstance(String.format("%swithRSA", hash)); // WARD-EXPECT[RSA,MD5]
    }

    public static Signature md5Rsa() throws Exception {
        return rsa("MD5");
    }
}
