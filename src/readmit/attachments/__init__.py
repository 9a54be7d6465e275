"""Documents attached to a case: scans and orders, shared with the requested state or kept."""
