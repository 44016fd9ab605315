<?php
$a = md5($password);  // WARD-EXPECT[MD5]
$b = sha1($data);  // WARD-EXPECT[SHA-1]
$c = hash('sha256', $data);  // WARD-EXPECT[SHA-256]
$d = openssl_encrypt($data, 'aes-128-cbc', $key, 0, $iv);  // WARD-EXPECT[AES-128]
$e = openssl_encrypt($data, "des-ede3-cbc", $key);  // WARD-EXPECT[3DES]
