# Module-level names live until the end: the list is still held at the finish.
data = [i for i in range(300_000)]
total = sum(data)
print(total)
