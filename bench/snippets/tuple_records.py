rows = [(i, i * 2, i * 3) for i in range(200_000)]
