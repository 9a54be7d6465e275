"""Invariants that must hold across the whole database, checked by `readmit check`."""
