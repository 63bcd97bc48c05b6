# ''.join builds the result once from the pieces.
pieces = ["line %d\n" % i for i in range(20_000)]
s = "".join(pieces)
print(len(s))
