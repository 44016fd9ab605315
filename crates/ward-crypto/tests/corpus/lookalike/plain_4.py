def add_4(a, b):
    # arithmetic only; 'parsers' and 'dessert' are words, not ciphers
    return a + b + 4
