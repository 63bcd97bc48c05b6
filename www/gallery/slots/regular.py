# Every instance keeps room for attributes added later (its __dict__).
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

points = [Point(i, i + 1) for i in range(100_000)]
print(len(points))
