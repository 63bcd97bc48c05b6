# s += piece builds a new, longer string every time.
s = ""
for i in range(20_000):
    s += "line %d\n" % i
print(len(s))
