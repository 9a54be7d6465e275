"""Division facts typed in by hand for the identity gazetteer (see each module's sources)."""
