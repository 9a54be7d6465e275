"""The `readmit` command line."""
