<?php
$md5sum_path = "/tmp/x";
$rsa_count = 3;
function hashed_md5_name() { return "x"; }
