<?php

const KEY_BITS = 1024;

function make_key(): OpenSSLAsymmetricKey|false
{
    return openssl_pkey_new([ // WARD-EXPECT[RSA-1024]
        'private_key_bits' => KEY_BITS,
        'private_key_type' => OPENSSL_KEYTYPE_RSA,
    ]);
}

function make_ec_key(): OpenSSLAsymmetricKey|false
{
    return openssl_pkey_new(['curve_name' => 'prime256v1', 'private_key_type' => OPENSSL_KEYTYPE_EC]); // WARD-EXPECT[ECDSA-P256]
}

function legacy_token(string $user): string
{
    return md5($user); // WARD-EXPECT[MD5]
}

function sign_it(string $data, $key): string
{
    openssl_sign($data, $sig, $key, OPENSSL_ALGO_SHA1); // WARD-EXPECT[SHA-1]
    return $sig;
}

function wrap(string $data, $pub): string
{
    openssl_public_encrypt($data, $out, $pub); // WARD-EXPECT[RSA]
    return $out;
}
