"""A small USA→CHN case set for rating China over 2026-Q1 by hand, on top of the statistics
set (tests/statistics/cases.py: A to F), with its step times set by hand.

2026-Q1 (January to March), against the illustrative rules (removal-cooperation.yaml):

- replies_on_time: A (5, in time), B (5, late), D and E (in time) decided: 7 of 12, 0.583;
  score (0.583 - 0.5) / 0.4 = 0.2075, weight 3.
- travel_documents: G1-G5, confirmed in December 2025 and issued 5, 8, 11, 20 and 22 days
  later in January, then D (14 days) and E (16) in February: 7 documents, 90th percentile
  (nearest rank 7) 22 days; score (60 - 22) / 46 = 0.826, weight 3.
- interviews: H1-H5, answered in February: 4 granted, 1 refused: 0.8; score 0.8, weight 2.
- charters: two answered (K1's accepted, K2's refused): fewer than 5, no value; "<5".
- releases: R released on 10 February, D arrived: one removal, no value; 2 cases, "<5".
- score (3 × 0.826 + 3 × 0.2075 + 2 × 0.8) / 8 = 0.5876: at risk (0.45 to 0.75).

2025-Q4, the period before: G1-G5 decided in December, all in time: replies 1.0, so the
replies got worse; nothing else has 5 cases, so the other trends are unknown. The rules are
in force from 2026-01-01: 2025-Q4 itself has no rules in force.

A USA→GTM case decided in January is in no list of USA→CHN.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.auth.models import Role
from readmit.custody import service as custody
from readmit.custody.schemas import CustodyChange
from readmit.interviews import service as interviews
from readmit.interviews.schemas import InterviewCreate, InterviewDecisionIn
from readmit.transfers import acceptance
from readmit.transfers import service as transfers
from readmit.transfers.schemas import CharterAcceptanceIn
from tests.factories import World, flight, make_case
from tests.statistics.cases import at, backdate, build

FIRST = 14  # register persons after those of the statistics set (0 to 13)
DOCUMENTS = (("2025-12-29", "2026-01-03"), ("2025-12-27", "2026-01-04"))
DOCUMENTS += (("2025-12-24", "2026-01-04"), ("2025-12-20", "2026-01-09"))
DOCUMENTS += (("2025-12-18", "2026-01-09"),)
ANSWERS = ("grant", "grant", "grant", "grant", "refuse")


@dataclass
class Built:
    """The references behind each factor, as the lists must show them."""

    decided: list[str]  # 2026-Q1, oldest first
    documents: list[str]
    interviews: list[str]
    charters: list[str]
    releases: list[str]  # the release and the arrival
    elsewhere: str  # the USA→GTM case


def build_scorecard(db: Session, world: World) -> Built:
    """The statistics set and the cases above, committed (savepoints in the test)."""
    before = db.scalar(select(func.max(Application.id))) or 0
    build(db, world)
    statistics_cases = db.scalars(
        select(Application).where(Application.id > before).order_by(Application.id)
    ).all()
    a_to_b, d, e = statistics_cases[:10], statistics_cases[11], statistics_cases[12]
    index = iter(range(FIRST, 60))
    verifier = world.user(db, "CHN", Role.verifier)
    officer = world.user(db, "USA", Role.case_officer)

    documents = []
    for confirmed, issued in DOCUMENTS:
        case = make_case(db, world, index=next(index), status=Status.travel_document_issued)
        steps = {"submit": at("2025-12-01"), "confirm": at(confirmed)}
        backdate(db, case, steps | {"issue_travel_document": at(issued)})
        documents.append((issued, case.id, case.reference))

    asked = []
    for n, answer in enumerate(ANSWERS):
        case = make_case(db, world, index=next(index), status=Status.submitted)
        backdate(db, case, {"submit": at("2025-12-10")})
        interview = interviews.request(
            session=db,
            user=officer,
            application=case,
            payload=InterviewCreate(proposed_date=date(2099, 1, 15), proposed_place="Houston"),
        )
        decision = (
            InterviewDecisionIn(
                decision="grant", interview_date=date(2099, 1, 20), interview_place="Houston"
            )
            if answer == "grant"
            else InterviewDecisionIn(decision="refuse", reason="Consul away")
        )
        interviews.decide(
            session=db, user=verifier, application=case, interview=interview, payload=decision
        )
        interview.decisions[-1].decided_at = at(f"2026-02-{10 + n:02d}")
        asked.append(case.reference)

    charters = []
    for n, accepted in enumerate((True, False)):
        case = make_case(db, world, index=next(index), status=Status.travel_document_issued)
        transfer = transfers.create(session=db, user=officer, payload=flight(case, kind="charter"))
        answer = CharterAcceptanceIn(accepted=accepted, reason=None if accepted else "No slot")
        given = acceptance.answer(session=db, user=verifier, transfer=transfer, payload=answer)
        given.decided_at = at(f"2026-03-{5 + n:02d}")
        charters.append(case.reference)

    released = make_case(db, world, index=next(index), status=Status.submitted)
    backdate(db, released, {"submit": at("2025-11-20")})
    custody.record(
        session=db,
        user=officer,
        application=released,
        change=CustodyChange.model_validate(
            {"status": "released", "since": "2026-02-10", "release_reason": "bond"}
        ),
        today=date(2026, 2, 10),
    )

    elsewhere = make_case(db, world, country="GTM", index=2, status=Status.confirmed)
    backdate(db, elsewhere, {"submit": at("2026-01-05"), "confirm": at("2026-01-12")})
    db.commit()

    decided = [d.reference, e.reference] + [c.reference for c in a_to_b]
    return Built(
        decided=decided,
        documents=[r for _i, _id, r in sorted(documents)] + [d.reference, e.reference],
        interviews=asked,
        charters=charters,
        releases=[released.reference, d.reference],
        elsewhere=elsewhere.reference,
    )


GUATEMALA_FIRST = 20  # GTM register persons no other test of the live server uses


def build_guatemala(db: Session, world: World) -> list[str]:
    """A USA→GTM set rated over 2026-Q2, for the browser (the live server's 2026-Q1 of
    USA→CHN belongs to its statistics test); the references behind the document time.

    Five cases confirmed in time on 8 April, issued 7, 8, 10, 12 and 22 days later: 90th
    percentile 22 days, score 0.826 (weight 3); a sixth rejected late: 5 of 6 in time, 0.833,
    score 0.833 (weight 3); five interviews granted in May: 1.0 (weight 2). Score
    (3 × 0.826 + 3 × 0.833 + 2) / 8 = 0.872: cooperative.
    """
    index = iter(range(GUATEMALA_FIRST, 60))
    verifier = world.user(db, "GTM", Role.verifier)
    officer = world.user(db, "USA", Role.case_officer)
    documents = []
    for issued in ("2026-04-15", "2026-04-16", "2026-04-18", "2026-04-20", "2026-04-30"):
        case = make_case(
            db, world, country="GTM", index=next(index), status=Status.travel_document_issued
        )
        steps = {"submit": at("2026-04-01"), "confirm": at("2026-04-08")}
        backdate(db, case, steps | {"issue_travel_document": at(issued)})
        documents.append(case.reference)
    late = make_case(db, world, country="GTM", index=next(index), status=Status.rejected)
    backdate(db, late, {"submit": at("2026-04-01"), "reject": at("2026-05-29")})
    for day in range(11, 16):
        case = make_case(db, world, country="GTM", index=next(index), status=Status.submitted)
        backdate(db, case, {"submit": at("2026-05-04")})
        interview = interviews.request(
            session=db,
            user=officer,
            application=case,
            payload=InterviewCreate(proposed_date=date(2099, 1, 15), proposed_place="Guatemala"),
        )
        interviews.decide(
            session=db,
            user=verifier,
            application=case,
            interview=interview,
            payload=InterviewDecisionIn(
                decision="grant", interview_date=date(2099, 1, 20), interview_place="Guatemala"
            ),
        )
        interview.decisions[-1].decided_at = at(f"2026-05-{day}")
    db.commit()
    return documents
