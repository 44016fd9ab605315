def add_1(a, b):
    # arithmetic only; 'parsers' and 'dessert' are words, not ciphers
    return a + b + 1
