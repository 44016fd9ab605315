package com.example.dh;

import java.security.AlgorithmParameterGenerator;
import java.security.AlgorithmParameters;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.DHGenParameterSpec;
import javax.crypto.spec.DHParameterSpec;

public class DhExchange {
    private static final int PRIME_BITS = 2048;
    private static final String AGREEMENT = "DH";

    DHParameterSpec params() throws Exception {
        AlgorithmParameterGenerator apg = AlgorithmParameterGenerator.getInstance(AGREEMENT); // WARD-EXPECT[DH-2048]
        apg.init(PRIME_BITS);
        AlgorithmParameters p = apg.generateParameters();
        return p.getParameterSpec(DHParameterSpec.class);
    }

    DHParameterSpec genSpec() throws Exception {
        AlgorithmParameterGenerator apg = AlgorithmParameterGenerator.getInstance("DiffieHellman"); // WARD-EXPECT[DH-1024]
        apg.init(new DHGenParameterSpec(1024, 160)); // WARD-EXPECT[DH-1024]
        return apg.generateParameters().getParameterSpec(DHParameterSpec.class);
    }

    KeyPair keys(DHParameterSpec spec) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance(AGREEMENT); // WARD-EXPECT[DH]
        kpg.initialize(spec);
        return kpg.generateKeyPair();
    }

    byte[] agree(KeyPair mine, java.security.PublicKey theirs) throws Exception {
        KeyAgreement ka = KeyAgreement.getInstance(AGREEMENT); // WARD-EXPECT[DH]
        ka.init(mine.getPrivate());
        ka.doPhase(theirs, true);
        return ka.generateSecret();
    }

    DHParameterSpec fixed(java.math.BigInteger p, java.math.BigInteger g) {
        return new DHParameterSpec(p, g); // WARD-EXPECT[DH]
    }
}
