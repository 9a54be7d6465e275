"""Users, roles, password login, sessions and API tokens."""
