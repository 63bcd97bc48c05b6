# One item at a time: the generator yields a value, sum adds it, the value is freed.
total = sum(i * 2 for i in range(1_000_000))
print(total)
