# The article's generator example, unchanged.
def large_range(n):
    for i in range(n):
        yield i

# Using the generator
for number in large_range(1000000):
    if number % 100000 == 0:
        print(number)
