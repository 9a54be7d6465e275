"""Synthetic flight records (the CSV layout of `readmit.leads.records`), for tests and the demo.

A flight is planned by its counts, not by its outcome: how many passengers, how many of them
fly one way with a nationality from outside the region, how many one way from inside it
(the rest fly return, of either). Nationalities are drawn from the two pools, rows are
shuffled across flights, and the same seed gives the same file. `demo_scenario` plans a few
months of traffic into a hub with its ground truth: which operators were planned as
facilitators (one-way passengers from far away) and which as repeated charterers."""

import csv
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from readmit.leads.records import COLUMNS

# Nationalities of travellers from outside the Americas, and from the Americas (ISO alpha-3).
OUTSIDE = ("IND", "SEN", "UZB", "CMR", "NPL", "GIN", "MRT", "BGD", "ERI", "GHA")
INSIDE = ("CUB", "HTI", "VEN", "COL", "NIC", "MEX", "USA", "ECU", "DOM", "GTM")


@dataclass(frozen=True)
class Operator:
    """An operator: its name and IATA or ICAO designator (fictitious)."""

    name: str
    code: str


@dataclass(frozen=True)
class FlightPlan:
    """One flight and its passengers, by count."""

    operator: Operator
    number: str
    day: date
    origin: str
    destination: str
    passengers: int
    one_way_outside: int = 0
    one_way_inside: int = 0
    charter: bool = False

    def __post_init__(self) -> None:
        if self.one_way_outside + self.one_way_inside > self.passengers:
            raise ValueError("more one-way passengers than passengers")


def _passengers(
    plan: FlightPlan, rng: random.Random, inside: Sequence[str], outside: Sequence[str]
) -> list[tuple[str, str]]:
    rest = plan.passengers - plan.one_way_outside - plan.one_way_inside
    found = [(rng.choice(outside), "one_way") for _ in range(plan.one_way_outside)]
    found += [(rng.choice(inside), "one_way") for _ in range(plan.one_way_inside)]
    found += [(rng.choice((*inside, *outside)), "return") for _ in range(rest)]
    return found


def rows(
    plans: Sequence[FlightPlan],
    *,
    seed: int = 0,
    inside: Sequence[str] = INSIDE,
    outside: Sequence[str] = OUTSIDE,
) -> list[dict[str, str]]:
    """One row per passenger of every flight, shuffled across flights."""
    rng = random.Random(seed)
    found = []
    for plan in plans:
        for nationality, journey in _passengers(plan, rng, inside, outside):
            found.append(
                {
                    "operator": plan.operator.name,
                    "operator_code": plan.operator.code,
                    "flight_number": plan.number,
                    "date": plan.day.isoformat(),
                    "origin": plan.origin,
                    "destination": plan.destination,
                    "service": "charter" if plan.charter else "scheduled",
                    "nationality": nationality,
                    "journey": journey,
                }
            )
    rng.shuffle(found)
    return found


def to_csv(plans: Sequence[FlightPlan], **options: object) -> str:
    """The flights as a CSV file's text (options as for `rows`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(plans, **options))  # type: ignore[arg-type]
    return out.getvalue()


def series(
    operator: Operator,
    *,
    number: str,
    route: tuple[str, str],
    first: date,
    count: int,
    every_days: int,
    passengers: int,
    one_way_outside: int = 0,
    one_way_inside: int = 0,
    charter: bool = False,
) -> list[FlightPlan]:
    """The same flight `count` times, every `every_days` days from `first`."""
    return [
        FlightPlan(
            operator,
            number,
            first + timedelta(days=n * every_days),
            route[0],
            route[1],
            passengers,
            one_way_outside,
            one_way_inside,
            charter,
        )
        for n in range(count)
    ]


@dataclass(frozen=True)
class Scenario:
    """Planned traffic and its ground truth, by operator code."""

    plans: list[FlightPlan]
    facilitators: frozenset[str]  # many one-way passengers from outside the region, into the hub
    repeated_charterers: frozenset[str]  # the same charter route into the hub, days apart


def demo_scenario(*, today: date, seed: int = 7, hub: str = "MGA") -> Scenario:
    """About 90 days of flights into and around a hub before `today`: scheduled airlines,
    a facilitating charter operator, one flying the same charter every few days with
    travellers from the region, a holiday charter elsewhere and an operator just below the
    share that would flag it."""
    rng = random.Random(seed)
    start = today - timedelta(days=90)
    plans: list[FlightPlan] = []
    airlines = (
        Operator("Aerovía Centroamericana", "XA"),
        Operator("Istmo Air", "XI"),
        Operator("Caribe Connect", "XC"),
    )
    for airline, origin in zip(airlines, ("SAL", "PTY", "MIA"), strict=True):
        for day in range(0, 90, 2):
            passengers = rng.randint(110, 180)
            plans.append(
                FlightPlan(
                    airline,
                    str(100 + day),
                    start + timedelta(days=day),
                    origin,
                    hub,
                    passengers,
                    one_way_outside=rng.randint(0, passengers // 12),
                    one_way_inside=rng.randint(0, passengers // 6),
                )
            )
    facilitator = Operator("Horizonte Charter Services", "XHC")
    for n, day in enumerate(range(3, 88, 4)):
        passengers = rng.randint(150, 220)
        outside = int(passengers * rng.uniform(0.75, 0.95))
        origin = ("IST", "DSS")[n % 2]  # each route every 8 days: no repeated-charter lead
        plans.append(
            FlightPlan(
                facilitator,
                str(4100 + n % 2),
                start + timedelta(days=day),
                origin,
                hub,
                passengers,
                outside,
                charter=True,
            )
        )
    shuttle = Operator("Antillas Shuttle Charter", "XAS")
    plans += series(
        shuttle,
        number="700",
        route=("HAV", hub),
        first=start + timedelta(days=20),
        count=8,
        every_days=3,
        passengers=150,
        one_way_inside=120,  # from the region: no share lead
        charter=True,
    )
    holiday = Operator("Sol y Playa Vacaciones", "XSP")
    plans += series(
        holiday,
        number="80",
        route=("YYZ", "CUN"),
        first=start + timedelta(days=5),
        count=12,
        every_days=7,
        passengers=180,
        charter=True,
    )
    borderline = Operator("Pacific Link", "XPL")
    plans += series(
        borderline,
        number="310",
        route=("BOG", hub),
        first=start + timedelta(days=1),
        count=10,
        every_days=6,
        passengers=100,
        one_way_outside=45,
    )
    return Scenario(plans, frozenset({facilitator.code}), frozenset({shuttle.code}))
