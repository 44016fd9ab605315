package com.example.config;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;

public class CryptoConfig {
    static final Map<String, String> CIPHERS = Map.of(
        "wrap", "RSA/ECB/OAEPWithSHA-256AndMGF1Padding",
        "legacy", "RSA/ECB/PKCS1Padding");
    static final List<Integer> SIZES = List.of(1024, 2048);
    static final String[] CURVE_NAMES = {"EC", "Ed25519"};

    Cipher wrapCipher() throws Exception {
        return Cipher.getInstance(CIPHERS.get("wrap")); // WARD-EXPECT[RSA]
    }

    void generators() throws Exception {
        for (int size : SIZES) {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("DSA"); // WARD-EXPECT[DSA-1024,DSA-2048]
            kpg.initialize(size);
            kpg.generateKeyPair();
        }
    }

    void factories() throws Exception {
        for (String alg : CURVE_NAMES) {
            KeyFactory kf = KeyFactory.getInstance(alg); // WARD-EXPECT[ECDSA,Ed25519]
        }
    }

    MessageDigest digest(boolean fips) throws Exception {
        String name = fips ? "SHA-256" : "MD5";
        return MessageDigest.getInstance(name); // WARD-EXPECT[SHA-256,MD5]
    }
}
