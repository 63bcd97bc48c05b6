rows = [{'id': i, 'x': i * 2, 'y': i * 3} for i in range(200_000)]
