"""Engine, sessions and the one transaction boundary."""
