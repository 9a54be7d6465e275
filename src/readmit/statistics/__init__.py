"""Indicators per corridor and month, aggregated and protected by disclosure control."""
