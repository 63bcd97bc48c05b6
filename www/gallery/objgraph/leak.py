# objgraph.show_growth() prints the types whose counts grew since its last call.
# Here every request leaves its Session behind in a module-level list: a leak.
import objgraph

class Session:
    def __init__(self, user):
        self.user = user
        self.history = [user] * 50

_open_sessions = []

def handle(user):
    session = Session(user)
    _open_sessions.append(session)   # never removed
    return len(session.history)

objgraph.show_growth(limit=3)
for round in range(3):
    for user in range(2_000):
        handle(user)
    print(f"after round {round + 1}:")
    objgraph.show_growth(limit=3)
