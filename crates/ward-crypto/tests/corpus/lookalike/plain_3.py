def add_3(a, b):
    # arithmetic only; 'parsers' and 'dessert' are words, not ciphers
    return a + b + 3
