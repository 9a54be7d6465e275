"""Cooperation scorecards: factors with thresholds and weights, kept as versioned YAML rule
sets, that rate a partner state's cooperation on returns from its indicators."""
