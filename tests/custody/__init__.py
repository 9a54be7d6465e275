"""Custody and removal clocks."""
