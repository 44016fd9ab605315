fn md5sum_path() -> &'static str { "/tmp/md5" }
struct RsaPrivateKeyNote;
fn parsable() {}
const DES_COUNT: u32 = 3;
