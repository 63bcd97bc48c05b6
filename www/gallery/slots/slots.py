# __slots__ stores the attributes in fixed slots: no per-instance dict.
class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

points = [Point(i, i + 1) for i in range(100_000)]
print(len(points))
