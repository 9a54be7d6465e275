"""Messages between the two authorities of an application."""
