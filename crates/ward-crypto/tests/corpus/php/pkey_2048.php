<?php
$key = openssl_pkey_new([  // WARD-EXPECT[RSA-2048]
    "private_key_bits" => 2048,
    "private_key_type" => OPENSSL_KEYTYPE_RSA,
]);
