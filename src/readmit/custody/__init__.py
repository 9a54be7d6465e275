"""Custody and removal clocks: the requesting state's own record of a person's detention."""
