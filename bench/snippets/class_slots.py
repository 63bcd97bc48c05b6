class Point:
    __slots__ = ('x', 'y')

    def __init__(self, x, y):
        self.x = x
        self.y = y

points = [Point(i, i) for i in range(200_000)]
