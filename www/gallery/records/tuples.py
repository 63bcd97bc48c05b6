# One tuple per record: just the three values.
rows = [(i, "user", i % 100) for i in range(100_000)]
print(len(rows))
