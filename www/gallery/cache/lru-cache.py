# A bounded cache: functools.lru_cache keeps only the 128 most recent results.
from functools import lru_cache

@lru_cache(maxsize=128)
def square(n):
    return [n] * 20

for i in range(50_000):
    square(i)
print(square.cache_info())
