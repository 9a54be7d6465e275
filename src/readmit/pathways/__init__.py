"""Legal pathways with ceilings: resettlement, family reunification parole, temporary work and
host-state regularisation, taken in at Safe Mobility Offices and integration centres."""
