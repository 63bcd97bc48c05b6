# The same requests without the leak: each Session dies when handle() returns,
# so show_growth() has nothing to report after each round.
import objgraph

class Session:
    def __init__(self, user):
        self.user = user
        self.history = [user] * 50

def handle(user):
    session = Session(user)
    return len(session.history)

objgraph.show_growth(limit=3)
for round in range(3):
    for user in range(2_000):
        handle(user)
    print(f"after round {round + 1}:")
    objgraph.show_growth(limit=3)
print("Session objects alive:", objgraph.count("Session"))
