# array.array packs raw 8-byte doubles, like numpy would (numpy cannot run here).
from array import array

values = array("d", (i * 0.5 for i in range(300_000)))
print(sum(values))
