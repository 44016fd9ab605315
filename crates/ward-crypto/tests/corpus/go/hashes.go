package keys

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
)

var h1 = md5.Sum(nil)  // WARD-EXPECT[MD5]
var h2 = sha1.New()  // WARD-EXPECT[SHA-1]
var h3 = sha256.Sum256(nil)  // WARD-EXPECT[SHA-256]
var h4 = sha512.New384()  // WARD-EXPECT[SHA-384]
