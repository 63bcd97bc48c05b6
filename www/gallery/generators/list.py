# The whole dataset exists at once: a million ints in one list.
data = [i * 2 for i in range(1_000_000)]
total = sum(data)
print(total)
