<?php
$key = openssl_pkey_new(["private_key_type" => OPENSSL_KEYTYPE_EC, "curve_name" => "prime256v1"]);  // WARD-EXPECT[ECDSA-P256]
