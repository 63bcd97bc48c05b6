# One dict per record: keys and a hash table in every row.
rows = [{"id": i, "name": "user", "score": i % 100} for i in range(100_000)]
print(len(rows))
