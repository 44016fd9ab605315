package com.example.imports;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.ECPoint;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.crypto.params.RSAKeyParameters;

public class KeyImport {
    private static final String FACTORY = "RSA";

    PublicKey rsa(BigInteger n, BigInteger e) throws Exception {
        RSAPublicKeySpec spec = new RSAPublicKeySpec(n, e); // WARD-EXPECT[RSA]
        return KeyFactory.getInstance(FACTORY).generatePublic(spec); // WARD-EXPECT[RSA]
    }

    PublicKey ec(ECPoint w, ECParameterSpec params) throws Exception {
        KeyFactory kf = KeyFactory.getInstance("EC"); // WARD-EXPECT[ECDSA]
        return kf.generatePublic(new ECPublicKeySpec(w, params)); // WARD-EXPECT[ECDSA]
    }

    RSAKeyParameters bc(BigInteger n, BigInteger e) {
        return new RSAKeyParameters(false, n, e); // WARD-EXPECT[RSA]
    }
}
