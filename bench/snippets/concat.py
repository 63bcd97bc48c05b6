text = ''
for i in range(200_000):
    text += str(i)
