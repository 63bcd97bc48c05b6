data = [i for i in range(1_000_000)]
total = sum(data)
