# A cache that never forgets: every distinct argument stays forever.
_cache = {}

def square(n):
    if n not in _cache:
        _cache[n] = [n] * 20
    return _cache[n]

for i in range(50_000):
    square(i)
print(len(_cache), "entries cached")
