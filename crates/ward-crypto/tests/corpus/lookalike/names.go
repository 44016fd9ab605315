package x

// Parsable reads the manifest's md5sum field name, not an algorithm use.
var md5sumPath = "/tmp/md5sums"
var rsaNote = "crisp"
func aesthetic() {}
func dessert() {}
