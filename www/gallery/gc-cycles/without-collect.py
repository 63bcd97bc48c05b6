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
print("automatic collection on:", gc.isenabled(), "- so all 20,000 cycles are still here")
