# list(range(n)) materialises every number.
numbers = list(range(500_000))
print(numbers[-1], len(numbers))
