# Every instance carries its own __dict__.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

points = [Point(i, i + 1) for i in range(100_000)]
print(len(points))
