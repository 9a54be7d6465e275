"""States, their authorities, and the default-deny scoping of applications."""
