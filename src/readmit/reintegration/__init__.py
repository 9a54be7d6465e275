"""Reintegration after return: consented referral to a provider of the requested state, a plan
of services, follow-up surveys with sustainability scores, outcomes and retention."""
