using System.Security.Cryptography;

namespace Svc
{
    public static class KeyStore
    {
        private const int RsaBits = 4096;

        public static RSA Signing() => RSA.Create(RsaBits); // WARD-EXPECT[RSA-4096]

        public static ECDsa Tokens() => ECDsa.Create(ECCurve.NamedCurves.nistP256); // WARD-EXPECT[ECDSA-P256]

        public static ECDiffieHellman Agreement() => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384); // WARD-EXPECT[ECDH-P384]

        public static byte[] LegacyHash(byte[] data)
        {
            using var sha = SHA1.Create(); // WARD-EXPECT[SHA-1]
            return sha.ComputeHash(data);
        }

        public static byte[] Md5(byte[] data) => MD5.HashData(data); // WARD-EXPECT[MD5]

        public static DSA Old() => DSA.Create(1024); // WARD-EXPECT[DSA-1024]
    }
}
