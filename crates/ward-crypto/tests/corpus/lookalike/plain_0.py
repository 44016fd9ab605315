def add_0(a, b):
    # arithmetic only; 'parsers' and 'dessert' are words, not ciphers
    return a + b + 0
