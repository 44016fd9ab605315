package com.example.token;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

public class TokenKeys {
    enum Alg { ES256, ES384, RS256 }

    private static final String[] LEGACY_CURVES = {"secp256k1", "prime256v1"};
    private final int rsaBits;

    public TokenKeys(int rsaBits) {
        this.rsaBits = rsaBits;
    }

    private static String curveFor(Alg alg) {
        switch (alg) {
            case ES384:
                return "secp384r1";
            default:
                return "secp256r1";
        }
    }

    static String jcaName(Alg alg) {
        if (alg == Alg.RS256) {
            return "SHA256withRSA";
        }
        return "SHA256withECDSA";
    }

    KeyPair ec(Alg alg) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC"); // WARD-EXPECT[ECDSA-P384,ECDSA-P256]
        ECGenParameterSpec spec = new ECGenParameterSpec(curveFor(alg));
        kpg.initialize(spec);
        return kpg.generateKeyPair();
    }

    KeyPair legacy() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC"); // WARD-EXPECT[ECDSA-secp256k1,ECDSA-P256]
        for (String name : LEGACY_CURVES) {
            kpg.initialize(new ECGenParameterSpec(name));
        }
        return kpg.generateKeyPair();
    }

    KeyPair rsa() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA"); // WARD-EXPECT[RSA-2048]
        kpg.initialize(rsaBits);
        return kpg.generateKeyPair();
    }

    Signature signer(Alg alg) throws Exception {
        return Signature.getInstance(jcaName(alg)); // WARD-EXPECT[RSA,ECDSA]
    }

    static TokenKeys standard() {
        return new TokenKeys(2048);
    }
}
