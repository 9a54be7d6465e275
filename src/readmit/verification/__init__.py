"""The requested state's verification: register look-up and attributable decisions."""
