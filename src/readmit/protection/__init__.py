"""The protection gate: claims and holds that block a return, never shown to the requested state."""
