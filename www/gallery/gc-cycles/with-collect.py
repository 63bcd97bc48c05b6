import gc

class Node:
    def __init__(self):
        self.partner = None
        self.payload = list(range(50))

gc.disable()
for _ in range(20_000):
    a, b = Node(), Node()
    a.partner, b.partner = b, a   # a reference cycle: refcounts never reach zero
del a, b
found = gc.collect()              # the cycle collector frees them all at once
gc.enable()
print("unreachable objects found:", found)
