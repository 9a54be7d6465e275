"""Indicators as the API returns them: aggregates only, withheld cells as "<5" or "x"."""

from pydantic import BaseModel

# A number; "<5" (a count from 1 to 4) or "x" (withheld so that totals do not reveal one),
# also "<5" for a time or share computed from fewer than 5 cases; None: nothing to compute.
Cell = int | float | str | None

COUNTS = (
    "submitted",
    "confirmed",
    "rejected",
    "deemed_accepted",
    "decided",
    "pending",
    "overdue",
    "arrived",
    "no_shows",
    "interviews_requested",
    "interviews_granted",
    "interviews_held",
    "interviews_refused",
    "charters_accepted",
    "charters_refused",
    "releases",
    "releases_not_foreseeable",
    "reintegration_referrals",
)
# Custody is the requesting state's own business: the requested state never sees these.
REQUESTING_ONLY = ("releases", "releases_not_foreseeable")
# Counts of events in the month, which add up over months (pending and overdue are stocks).
FLOWS = tuple(name for name in COUNTS if name not in ("pending", "overdue"))
MEASURES = (
    "decision_days_median",
    "decision_days_p90",
    "document_days_median",
    "document_days_p90",
    "departure_days_median",
    "departure_days_p90",
    "decided_within_deadline",
)
COLUMNS = COUNTS + MEASURES


class MonthIndicators(BaseModel):
    """One month of a corridor (`month` "YYYY-MM"), or the whole period (`month` "total")."""

    month: str
    submitted: Cell = None
    confirmed: Cell = None
    rejected: Cell = None
    deemed_accepted: Cell = None
    decided: Cell = None
    pending: Cell = None
    overdue: Cell = None
    arrived: Cell = None
    no_shows: Cell = None
    interviews_requested: Cell = None
    interviews_granted: Cell = None
    interviews_held: Cell = None
    interviews_refused: Cell = None
    charters_accepted: Cell = None
    charters_refused: Cell = None
    releases: Cell = None
    releases_not_foreseeable: Cell = None
    reintegration_referrals: Cell = None
    decision_days_median: Cell = None
    decision_days_p90: Cell = None
    document_days_median: Cell = None
    document_days_p90: Cell = None
    departure_days_median: Cell = None
    departure_days_p90: Cell = None
    decided_within_deadline: Cell = None


class CorridorIndicators(BaseModel):
    """A corridor's months and the period's total."""

    requesting_state: str
    requested_state: str
    months: list[MonthIndicators]
    total: MonthIndicators


class IndicatorsPublic(BaseModel):
    """Indicators of the caller's state's corridors over a period of whole months."""

    period_from: str
    period_to: str
    corridors: list[CorridorIndicators]
