<?php
$key = openssl_pkey_new([  // WARD-EXPECT[RSA-4096]
    "private_key_bits" => 4096,
    "private_key_type" => OPENSSL_KEYTYPE_RSA,
]);
