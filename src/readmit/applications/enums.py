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


# Status groups: every rule that needs one of these sets takes it from here.
TERMINAL = frozenset({Status.closed, Status.withdrawn})
# With the requested state and not yet decided: the reply deadline runs.
REPLY_PENDING = frozenset(
    {Status.submitted, Status.received, Status.under_verification, Status.more_info_requested}
)
# Silence may be deemed acceptance only before the requested state has asked for more.
DEEMABLE = frozenset({Status.submitted, Status.received, Status.under_verification})
# On the way to a return: the requesting state may withdraw from these.
ACTIVE = REPLY_PENDING | {
    Status.confirmed,
    Status.travel_document_issued,
    Status.transfer_scheduled,
}
# A protection flag (or an officer) suspends the case from any of these: every status that is
# neither terminal nor already suspended, departed included (the person may not have
# boarded, or may be returned on the same flight). "arrived" closes in the same transaction.
SUSPENDABLE = frozenset(Status) - TERMINAL - {Status.suspended, Status.arrived}
# The requesting state edits the particulars of a draft, and while the requested state waits
# for more information; at any other time they are what was sent, or already decided on.
EDITABLE = frozenset({Status.draft, Status.more_info_requested})
