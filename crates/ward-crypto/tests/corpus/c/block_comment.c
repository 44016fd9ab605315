/*
 * Legacy path used MD5(data, len, out);   WARD-EXPECT[MD5]
 */
int x;
