def add_2(a, b):
    # arithmetic only; 'parsers' and 'dessert' are words, not ciphers
    return a + b + 2
