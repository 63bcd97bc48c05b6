# The same function with a generator: the table's Increment column stays near zero.
from memory_profiler import profile

@profile
def squares_total(n):
    squares = (i * i for i in range(n))
    total = sum(squares)
    return total

squares_total(300_000)
