# The article's advice: profile before you optimise. @profile prints memory_profiler's
# line-by-line table when the function returns (see the output below the editor).
from memory_profiler import profile

@profile
def squares_total(n):
    squares = [i * i for i in range(n)]
    total = sum(squares)
    return total

squares_total(300_000)
