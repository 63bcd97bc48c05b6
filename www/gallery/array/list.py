# A list holds a pointer to a separate float object per value.
values = [i * 0.5 for i in range(300_000)]
print(sum(values))
