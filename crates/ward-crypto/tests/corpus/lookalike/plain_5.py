def add_5(a, b):
    # arithmetic only; 'parsers' and 'dessert' are words, not ciphers
    return a + b + 5
