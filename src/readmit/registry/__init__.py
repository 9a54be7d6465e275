"""The requested state's national population register."""
