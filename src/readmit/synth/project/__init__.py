"""The project's own generator, written by the engine's authors: registers with families and
namesakes, and applications corrupted as foreign records are (`generator`), per-country
naming rules (`countries`) and their tables (`tables`)."""
