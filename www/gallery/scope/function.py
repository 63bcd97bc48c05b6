# Inside a function the list is freed when the function returns (or on `del`).
def total_of(n):
    data = [i for i in range(n)]
    return sum(data)

total = total_of(300_000)
print(total)
