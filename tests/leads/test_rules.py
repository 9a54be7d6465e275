"""Each kind of rule at the edges of its parameters: the flights are planned by the synthetic
generator from the rule's own parameters (one passenger over the threshold, one flight short,
one day too many), imported through the service, and the leads read back from the database."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.leads import service
from readmit.leads.models import LeadStatus
from readmit.leads.schemas import Parameters, RuleSet
from readmit.synth.flights import FlightPlan, Operator
from tests.factories import World
from tests.leads.cases import (
    HUB,
    TODAY,
    days_apart,
    flights,
    import_plans,
    leads_of,
    rule,
)


@dataclass(frozen=True)
class Case:
    """Flights planned from a rule's parameters, and whether the rule must fire on them."""

    name: str
    plan: Callable[[Parameters], list[FlightPlan]]
    fires: bool


def share_flights(
    p: Parameters,
    *,
    count: int | None = None,
    span: int | None = None,
    outside: int = 1,
    passengers: int = 100,
    **more: object,
) -> list[FlightPlan]:
    """`count` flights (default: the rule's least) within `span` days (default: the widest
    the window allows), each with `outside` one-way passengers from outside the region over
    the threshold's share (0: exactly at it)."""
    assert p.threshold is not None and p.min_flights and p.window_days
    at = round(p.threshold * passengers)
    assert at / passengers == p.threshold, "choose passengers that put a count at the threshold"
    days = days_apart(count or p.min_flights, p.window_days - 1 if span is None else span)
    return flights(days, passengers=passengers, one_way_outside=at + outside, **more)  # type: ignore[arg-type]


def close_days(p: Parameters) -> list:
    """The rule's least number of flights, on consecutive days."""
    assert p.min_flights
    return days_apart(p.min_flights, p.min_flights - 1)


SHARE_CASES = [
    Case("one passenger over the threshold", lambda p: share_flights(p), True),
    Case("exactly at the threshold", lambda p: share_flights(p, outside=0), False),
    Case("one flight short", lambda p: share_flights(p, count=(p.min_flights or 0) - 1), False),
    Case("one flight more", lambda p: share_flights(p, count=(p.min_flights or 0) + 1), True),
    Case(
        "the last flight a day outside the window",
        lambda p: share_flights(p, span=p.window_days),
        False,
    ),
    Case(
        "the last flight on the window's last day",
        lambda p: share_flights(p, span=(p.window_days or 0) - 1),
        True,
    ),
    Case("into an airport that is no hub", lambda p: share_flights(p, destination="MIA"), False),
    Case("into the other hub", lambda p: share_flights(p, destination=(p.hubs or [])[-1]), True),
    Case(
        "one passenger fewer than the rule judges",
        lambda p: flights(
            close_days(p),
            passengers=(p.min_passengers or 0) - 1,
            one_way_outside=(p.min_passengers or 0) - 1,
        ),
        False,
    ),
    Case(
        "just enough passengers to be judged",
        lambda p: flights(
            close_days(p), passengers=p.min_passengers or 0, one_way_outside=p.min_passengers or 0
        ),
        True,
    ),
    Case(
        "the one-way passengers are from the region",
        lambda p: flights(close_days(p), passengers=100, one_way_inside=100),
        False,
    ),
    Case(
        "the passengers from outside fly return",
        lambda p: flights(close_days(p), passengers=100),
        False,
    ),
]


@pytest.mark.parametrize("case", SHARE_CASES, ids=[c.name for c in SHARE_CASES])
def test_one_way_share(db: Session, world: World, rules: RuleSet, case: Case) -> None:
    share = rule(rules, "one_way_share")
    plans = case.plan(share.parameters)
    analyst = world.user(db, "USA", Role.analyst)
    done = import_plans(db, analyst, plans)
    found = [lead for lead in leads_of(db, analyst) if lead.rule_id == share.id]
    assert bool(found) == case.fires
    assert done.leads_opened == len(found)
    if case.fires:
        (lead,) = found
        assert lead.operator_code == plans[0].operator.code
        assert lead.threshold == share.parameters.threshold
        expected = sum(p.one_way_outside for p in plans) / sum(p.passengers for p in plans)
        assert lead.value == pytest.approx(expected)
        assert lead.value > lead.threshold
        assert len(lead.flights) == len(plans)
        for link in lead.flights:
            assert link.value == pytest.approx(plans[0].one_way_outside / plans[0].passengers)


def charters(
    p: Parameters, *, count: int | None = None, span: int | None = None, **more: object
) -> list[FlightPlan]:
    """`count` charters (default: the rule's least) on one route within `span` days
    (default: the widest the window allows)."""
    assert p.min_flights and p.window_days
    days = days_apart(count or p.min_flights, p.window_days - 1 if span is None else span)
    options = {"charter": True, "origin": "HAV", "passengers": 150} | more
    return flights(days, **options)  # type: ignore[arg-type]


def two_routes(p: Parameters) -> list[FlightPlan]:
    """The rule's least number of charters, split over two routes into the destination."""
    plans = charters(p)
    half = len(plans) // 2
    return plans[:half] + charters(p, count=len(plans) - half, origin="PAP")


CHARTER_CASES = [
    Case("enough charters on the window's last day", lambda p: charters(p), True),
    Case(
        "the last charter a day outside the window",
        lambda p: charters(p, span=p.window_days),
        False,
    ),
    Case("one charter short", lambda p: charters(p, count=(p.min_flights or 0) - 1), False),
    Case("scheduled flights, not charters", lambda p: charters(p, charter=False), False),
    Case("split over two routes", two_routes, False),
    Case(
        "to a destination the rule does not list", lambda p: charters(p, destination="CUN"), False
    ),
    Case(
        "many one-way passengers change nothing",
        lambda p: charters(p, count=(p.min_flights or 0) - 1, one_way_outside=150),
        False,
    ),
]


@pytest.mark.parametrize("case", CHARTER_CASES, ids=[c.name for c in CHARTER_CASES])
def test_repeated_charters(db: Session, world: World, rules: RuleSet, case: Case) -> None:
    repeated = rule(rules, "repeated_charters")
    plans = case.plan(repeated.parameters)
    analyst = world.user(db, "USA", Role.analyst)
    import_plans(db, analyst, plans)
    found = [lead for lead in leads_of(db, analyst) if lead.rule_id == repeated.id]
    assert bool(found) == case.fires
    if case.fires:
        (lead,) = found
        assert lead.value == len(plans) and lead.threshold == repeated.parameters.min_flights
        assert {link.flight.flight_date for link in lead.flights} == {p.day for p in plans}
        assert all(link.value is None for link in lead.flights)


def test_a_later_import_updates_the_open_lead(db: Session, world: World, rules: RuleSet) -> None:
    p = rule(rules, "one_way_share").parameters
    analyst = world.user(db, "USA", Role.analyst)
    first = share_flights(p)
    import_plans(db, analyst, first)
    (lead,) = leads_of(db, analyst)
    more = share_flights(p, outside=30, number="4102")
    second = import_plans(db, analyst, more, seed=1)
    assert (second.leads_opened, second.leads_updated) == (0, 1)
    (updated,) = leads_of(db, analyst)
    assert updated.id == lead.id and len(updated.flights) == len(first) + len(more)
    outside = sum(f.one_way_outside for f in first + more)
    assert updated.value == pytest.approx(outside / sum(f.passengers for f in first + more))


def test_a_decided_lead_comes_back_only_with_new_flights(
    db: Session, world: World, rules: RuleSet
) -> None:
    p = rule(rules, "one_way_share").parameters
    analyst = world.user(db, "USA", Role.analyst)
    import_plans(db, analyst, share_flights(p))
    (lead,) = leads_of(db, analyst)
    service.dismiss(session=db, user=analyst, lead=lead, reason="Pilgrims, confirmed")
    again = service.run(session=db, user=analyst)
    assert (again.opened, again.updated) == (0, 0)
    later = [
        FlightPlan(
            f.operator,
            "4101",
            f.day + timedelta(days=1),
            f.origin,
            f.destination,
            f.passengers,
            f.one_way_outside,
        )
        for f in share_flights(p, span=(p.min_flights or 0) - 1)
    ]
    assert later[-1].day <= TODAY
    import_plans(db, analyst, later, seed=2)
    leads = leads_of(db, analyst)
    assert [x.status for x in leads] == [LeadStatus.dismissed, LeadStatus.open]
    assert {link.flight_id for link in leads[0].flights} < {
        link.flight_id for link in leads[1].flights
    }


def test_operators_are_judged_apart(db: Session, world: World, rules: RuleSet) -> None:
    """Each operator just short of the flights needed: together they would be enough."""
    p = rule(rules, "one_way_share").parameters
    assert p.min_flights and p.min_flights > 1
    plans = share_flights(p, count=p.min_flights - 1) + share_flights(
        p, count=1, operator=Operator("Otra Aerolínea", "XO")
    )
    analyst = world.user(db, "USA", Role.analyst)
    import_plans(db, analyst, plans)
    assert leads_of(db, analyst) == []


def test_the_demo_scenario_flags_what_it_planned(
    db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The packaged (illustrative) rules on the generator's demo traffic: its facilitator and
    its repeated charterer, and no one else."""
    from readmit.config import get_settings
    from readmit.synth.flights import demo_scenario

    monkeypatch.delenv("READMIT_LEAD_RULES", raising=False)
    get_settings.cache_clear()
    scenario = demo_scenario(today=TODAY, hub=HUB)
    analyst = world.user(db, "USA", Role.analyst)
    import_plans(db, analyst, scenario.plans)
    by_rule: dict[str, set[str]] = {}
    for lead in leads_of(db, analyst):
        by_rule.setdefault(lead.rule_kind, set()).add(lead.operator_code)
    assert by_rule == {
        "one_way_share": set(scenario.facilitators),
        "repeated_charters": set(scenario.repeated_charterers),
    }
