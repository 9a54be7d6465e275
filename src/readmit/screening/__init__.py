"""Screening of people and companies against a state's designations, across scripts, with
a review queue whose judgements are remembered."""
