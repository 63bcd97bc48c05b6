# The second part of Memplay's warm-up: modules snippets commonly import that take most of
# its time (json, dataclasses with inspect, statistics with fractions and decimal: ~40 of
# the warm-up's ~55 ms natively, ~90 of ~190 ms in a cold browser worker). Loaded before
# the baseline of the first run whose code imports anything beyond the modules checked
# not to need them (imports.rs), so that importing them costs no run anything; a snippet
# of plain Python runs without waiting for them.
import json, dataclasses, statistics  # noqa
