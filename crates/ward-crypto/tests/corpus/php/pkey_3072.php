<?php
$key = openssl_pkey_new([  // WARD-EXPECT[RSA-3072]
    "private_key_bits" => 3072,
    "private_key_type" => OPENSSL_KEYTYPE_RSA,
]);
