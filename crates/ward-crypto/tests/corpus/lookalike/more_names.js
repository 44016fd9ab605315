const keyring = require('./keyring');

const pair = keyring.generateKeyPairLater({ modulusLength: 2048 });
const hashName = 'md5sum_path';
const label = 'rsa_enabled';
const curveLabel = 'namedCurve';
const ec2 = new AWS.EC2({ region: 'eu-west-1' });
const dh = { createdAt: Date.now() };
const ecdsaCount = 3;
const signature = signatures.createSigned('alice');
console.log('subtle differences', pair, hashName, label, curveLabel, ec2, dh, ecdsaCount, signature);
