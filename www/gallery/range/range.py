# A range object stores only start, stop and step, however long it is.
numbers = range(500_000)
print(numbers[-1], len(numbers))
