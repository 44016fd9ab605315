<?php
$key = openssl_pkey_new([  // WARD-EXPECT[RSA-1024]
    "private_key_bits" => 1024,
    "private_key_type" => OPENSSL_KEYTYPE_RSA,
]);
