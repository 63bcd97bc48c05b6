parts = [str(i) for i in range(200_000)]
text = ''.join(parts)
