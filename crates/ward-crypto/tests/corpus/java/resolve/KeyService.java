package com.example.keys;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

public class KeyService {
    private static final String KEY_ALG = "RSA";
    private static final int KEY_BITS = 3072;
    private static final String EC_CURVE = "secp384r1";

    public KeyPair rsaKeyPair() throws NoSuchAlgorithmException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance(KEY_ALG); // WARD-EXPECT[RSA-3072]
        kpg.initialize(KEY_BITS);
        return kpg.generateKeyPair();
    }

    public KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance(algorithmFor("ec")); // WARD-EXPECT[ECDSA-P384,RSA]
        kpg.initialize(new ECGenParameterSpec(EC_CURVE));
        return kpg.generateKeyPair();
    }

    private static String algorithmFor(String kind) {
        return kind.equals("ec") ? "EC" : "RSA";
    }

    public KeyPair legacy(boolean compat) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA"); // WARD-EXPECT[RSA-1024,RSA-2048]
        kpg.initialize(compat ? 1024 : 2048);
        return kpg.generateKeyPair();
    }

    public KeyPair withSpec() throws Exception {
        RSAKeyGenParameterSpec spec = new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA"); // WARD-EXPECT[RSA-4096]
        generator.initialize(spec);
        return generator.generateKeyPair();
    }

    public KeyPair named(String curveName) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC"); // WARD-EXPECT[ECDSA-P256,ECDSA-P521]
        g.initialize(new ECGenParameterSpec(curveName));
        return g.generateKeyPair();
    }

    public KeyPair p256() throws Exception {
        return named("secp256r1");
    }

    public KeyPair p521() throws Exception {
        return named("secp521r1");
    }
}
