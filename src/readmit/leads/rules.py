"""The lead rules in use, and what each kind of rule finds in a state's flights.

Rules judge the aggregates kept per flight (passengers, one-way passengers, both per
nationality), so a run gives the same leads before and after the passenger rows are gone.

- `one_way_share`: a flight into one of the hubs, with at least `min_passengers`, counts when
  more than `threshold` of its passengers are one-way passengers of nationalities from outside
  the rule set's region (a share exactly at the threshold does not count). An operator is a
  lead when at least `min_flights` of its counting flights fall within `window_days`
  consecutive days. The lead's value is the share over those flights together.
- `repeated_charters`: an operator's charter flights on one route (into one of
  `destinations`, if listed). An operator is a lead when at least `min_flights` of them fall
  within `window_days` consecutive days; its value is the most found in such a span.

"Within D consecutive days": the first and the last flight at most D - 1 days apart.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from readmit.config import get_settings
from readmit.errors import DomainError
from readmit.i18n import _
from readmit.leads.schemas import Rule, RuleFile, RuleFileError, RuleKind, RuleSet, load_rule_file

DEFAULT_RULES = Path(__file__).resolve().parent / "data" / "air-facilitation.yaml"
log = logging.getLogger("readmit")


class RulesUnusable(DomainError):
    """The lead rule file in use cannot be read or is not valid."""

    status_code = 503


def rules_path() -> Path:
    """The agency's own rule file (READMIT_LEAD_RULES), else the packaged example."""
    return get_settings().lead_rules or DEFAULT_RULES


@lru_cache(maxsize=4)
def _read(path: Path, stamp: tuple[int, int]) -> RuleFile:
    """A rule file, read again only once it has changed (`stamp`: its time and size)."""
    return load_rule_file(path)


def rule_file() -> RuleFile:
    """The rules in use; RulesUnusable (the details in the log) if they cannot be."""
    path = rules_path()
    try:
        found = path.stat()
        return _read(path, (found.st_mtime_ns, found.st_size))
    except (OSError, RuleFileError) as exc:
        log.error("lead rules unusable: %s", exc)
        raise RulesUnusable(
            _(
                "The lead rules cannot be used; an administrator can find out why "
                "with: readmit leads check {path}",
                path=path,
            )
        ) from None


def in_force(*, rules: RuleFile, on: date) -> RuleSet | None:
    """The version of the rules in force on a day (the latest begun), or None."""
    begun = [r for r in rules.rule_sets if r.in_force_from <= on]
    return begun[-1] if begun else None


@dataclass(frozen=True)
class FlightFigures:
    """One kept flight as the rules read it: `nationalities` maps a nationality to its
    (passengers, one-way passengers)."""

    id: int
    operator_code: str
    operator_name: str
    flight_date: date
    origin: str
    destination: str
    charter: bool
    passengers: int
    one_way: int
    nationalities: dict[str, tuple[int, int]] = field(default_factory=dict)

    def one_way_from_outside(self, region: frozenset[str]) -> int:
        """One-way passengers whose nationality is not in the region."""
        return sum(
            one_way for code, (_n, one_way) in self.nationalities.items() if code not in region
        )


@dataclass(frozen=True)
class Finding:
    """A rule fired on an operator: the figure, the threshold it was held against, and the
    flights behind it with each one's own figure (None where the rule counts flights)."""

    rule: Rule
    operator_code: str
    operator_name: str
    value: float
    threshold: float
    flights: tuple[tuple[int, float | None], ...]


def in_windows(flights: Sequence[FlightFigures], *, count: int, days: int) -> tuple[int, list[int]]:
    """For flights sorted by date: the most of them within `days` consecutive days, and the
    positions of those in any such span holding at least `count`."""
    most, marked, end = 0, -1, 0
    members: list[int] = []
    for start, first in enumerate(flights):
        end = max(end, start)
        while (
            end + 1 < len(flights)
            and (flights[end + 1].flight_date - first.flight_date).days < days
        ):
            end += 1
        found = end - start + 1
        most = max(most, found)
        if found >= count:
            members.extend(range(max(start, marked + 1), end + 1))
            marked = end
    return most, members


def _by_operator(flights: Iterable[FlightFigures]) -> dict[str, list[FlightFigures]]:
    grouped: dict[str, list[FlightFigures]] = defaultdict(list)
    for flight in sorted(flights, key=lambda f: (f.flight_date, f.id)):
        grouped[flight.operator_code].append(flight)
    return grouped


def one_way_share(
    rule: Rule, region: frozenset[str], flights: Iterable[FlightFigures]
) -> list[Finding]:
    """Operators with enough flights into a hub carrying mostly one-way passengers from
    outside the region."""
    p = rule.parameters
    assert p.threshold is not None and p.hubs and p.min_flights and p.window_days
    threshold = Fraction(str(p.threshold))  # exact: a share at the threshold never counts
    hubs, least = frozenset(p.hubs), p.min_passengers or 1
    found = []
    for code, own in _by_operator(flights).items():
        counting = [
            f
            for f in own
            if f.destination in hubs
            and f.passengers >= least
            and Fraction(f.one_way_from_outside(region), f.passengers) > threshold
        ]
        _most, members = in_windows(counting, count=p.min_flights, days=p.window_days)
        if not members:
            continue
        behind = [counting[i] for i in members]
        outside = sum(f.one_way_from_outside(region) for f in behind)
        share = outside / sum(f.passengers for f in behind)
        figures = tuple((f.id, f.one_way_from_outside(region) / f.passengers) for f in behind)
        found.append(Finding(rule, code, own[-1].operator_name, share, p.threshold, figures))
    return found


def repeated_charters(rule: Rule, flights: Iterable[FlightFigures]) -> list[Finding]:
    """Operators flying charters on one route again and again within a few days."""
    p = rule.parameters
    assert p.min_flights and p.window_days
    wanted = frozenset(p.destinations or ())
    found = []
    for code, own in _by_operator(flights).items():
        routes: dict[tuple[str, str], list[FlightFigures]] = defaultdict(list)
        for f in own:
            if f.charter and (not wanted or f.destination in wanted):
                routes[(f.origin, f.destination)].append(f)
        most, behind = 0, list[FlightFigures]()
        for on_route in routes.values():
            count, members = in_windows(on_route, count=p.min_flights, days=p.window_days)
            if members:
                most = max(most, count)
                behind.extend(on_route[i] for i in members)
        if behind:
            behind.sort(key=lambda f: (f.flight_date, f.id))
            figures = tuple((f.id, None) for f in behind)
            found.append(Finding(rule, code, own[-1].operator_name, most, p.min_flights, figures))
    return found


def evaluate(rule_set: RuleSet, flights: Sequence[FlightFigures]) -> list[Finding]:
    """What every rule of the version finds in the flights, rule by rule."""
    region = frozenset(rule_set.region.countries)
    found: list[Finding] = []
    for rule in rule_set.rules:
        match rule.kind:
            case RuleKind.one_way_share:
                found.extend(one_way_share(rule, region, flights))
            case RuleKind.repeated_charters:
                found.extend(repeated_charters(rule, flights))
    return found
