class Names {
    String md5sumPath = "/tmp/md5";
    Object x = Factory.getInstance("Widget");
    Object y = Cache.getInstance("RSAconfig-loader");
    int parsable = 1; // universal parsers
}
