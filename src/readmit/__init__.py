"""Readmit: cooperative, verified and humane returns between states."""

__version__ = "0.1.0"
