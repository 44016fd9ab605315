class Names {
    string Md5Path = "/tmp/md5";
    string description = "RSA.CreateSomething is not a call";
    int DESCount = 3;
}
