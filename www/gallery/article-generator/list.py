# The article's loop, but over a list built first.
def large_list(n):
    return [i for i in range(n)]

for number in large_list(1000000):
    if number % 100000 == 0:
        print(number)
