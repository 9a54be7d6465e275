"""Synthetic registers and applications, for tests and benchmarks. Two generators that know
nothing of each other: `project` (the engine's own, by its authors) and `independent` (written
from the domain briefs by someone who had not read the engine), so that the engine is judged on
data it was not built around."""
