"""Designations of facilitators of irregular migration: companies and people, in the
FollowTheMoney model, with their legal basis, evidence, approval and periodic review."""
