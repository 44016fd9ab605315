package com.example.ed;

import java.security.KeyPairGenerator;
import java.security.KeyPair;
import javax.crypto.KeyAgreement;

public class Ed {
    static final String SIGN = "Ed25519";
    static final String AGREE = "X25519";
    static final String OLD_AGREE = "ECDH";

    KeyPair signing() throws Exception {
        return KeyPairGenerator.getInstance(SIGN).generateKeyPair(); // WARD-EXPECT[Ed25519]
    }

    KeyAgreement agreement(boolean modern) throws Exception {
        return KeyAgreement.getInstance(modern ? AGREE : OLD_AGREE); // WARD-EXPECT[X25519,ECDH]
    }

    KeyPair ed448() throws Exception {
        String name = "Ed" + 448;
        return KeyPairGenerator.getInstance(name).generateKeyPair(); // WARD-EXPECT[Ed448]
    }
}
