"""Lifecycle states and other closed vocabularies of an application."""

from enum import StrEnum


class Status(StrEnum):
    """Where an application stands; transitions are listed in lifecycle.py."""

    draft = "draft"
    submitted = "submitted"
    received = "received"
    under_verification = "under_verification"
    more_info_requested = "more_info_requested"
    confirmed = "confirmed"
    rejected = "rejected"
    travel_document_issued = "travel_document_issued"
    transfer_scheduled = "transfer_scheduled"
    departed = "departed"
    arrived = "arrived"
    closed = "closed"
    withdrawn = "withdrawn"
    suspended = "suspended"


class NameSource(StrEnum):
    """Where a recorded name comes from."""

    document = "document"
    declared = "declared"
    alias = "alias"


class Procedure(StrEnum):
    """Normal or accelerated (border) procedure; sets the reply deadline."""

    normal = "normal"
    accelerated = "accelerated"


TERMINAL = frozenset({Status.closed, Status.withdrawn})
