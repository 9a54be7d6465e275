"""Leads from travel data: flight records kept as counts per flight, rules as data that flag
operators, and the leads an analyst dismisses or refers to a designation proposal."""
