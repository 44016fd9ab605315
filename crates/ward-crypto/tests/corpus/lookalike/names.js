const md5sumPath = '/tmp/md5';
const rsaLike = 'parsable';
const cipherName = 'createCipherivFactory';
const obj = { algorithm: 'HS256' };
function createHashTable() { return {}; }
const fortress = 'ssh-rsa is mentioned but no key follows';
