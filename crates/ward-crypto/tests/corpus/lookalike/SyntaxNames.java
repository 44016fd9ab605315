package com.example.lookalike;

import com.example.cache.Cache;

public class SyntaxNames {
    private static final String RSA_LABEL = "RSA";
    private final Cache cache = Cache.getInstance("RSA");
    private final Cache ecCache = Cache.getInstance("EC");

    void run() {
        Object kpg = Registry.getInstance(RSA_LABEL);
        Object widget = WidgetFactory.getInstance("DSA");
        Generator gen = new Generator();
        gen.initialize(2048);
        gen.init(1024);
        Object spec = new ParameterSpecs("secp256r1");
        Object enc = new Base64Encoding("utf-8");
        Object signer = new TextSigner("alice");
        Object engine = new RSAEngineFactoryBuilder();
        Object numbers = new PhoneNumbers("555");
        String note = "KeyPairGenerator.getInstance is not called here";
        log("initialize(" + 2048 + ")");
    }

    static void log(String s) {
        System.out.println(s);
    }
}
