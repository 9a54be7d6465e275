"""Cases for the trafficking and statelessness tests, built through the services: a draft
screened at intake, and a case the requested state rejected as "not a national"."""

import re

from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.auth.models import Role
from readmit.protection import trafficking
from readmit.protection.models import TraffickingIndicator
from readmit.verification import service as verification
from readmit.verification.schemas import DecisionIn
from tests.factories import World, make_case

INDICATORS = [TraffickingIndicator.documents_withheld, TraffickingIndicator.debt_bondage]
# Words that would tell the requested state about a screening, a hold or a referral.
TELLING = (
    "trafficking",
    "screening",
    "indicator",
    "presumed",
    "reflection",
    "stateless",
    "referred",
    "referral",
    "claims the person",
    "claiming_state",
    "follow_up",
    "follow-up",
    "debt",
    "withheld",
)


def screened_draft(db: Session, world: World, *, country: str = "CHN") -> Application:
    """A draft whose intake noted two signs of trafficking."""
    case = make_case(db, world, country=country)
    trafficking.screen(
        session=db,
        user=world.user(db, "USA", Role.case_officer),
        application=case,
        indicators=INDICATORS,
        note="Passport kept by the restaurant owner",
    )
    db.commit()
    return case


def rejected(db: Session, world: World, reason_code: str = "not_a_national") -> Application:
    """A USA→CHN case that CHN's verifier rejected with this reason."""
    case = make_case(db, world, status=Status.under_verification)
    verification.decide(
        session=db,
        user=world.user(db, "CHN", Role.verifier),
        application=case,
        decision=DecisionIn(
            decision="reject", reason_code=reason_code, reason="No such citizen in our records"
        ),
    )
    db.commit()
    assert case.status == Status.rejected
    return case


# The site's menu is the same on every page for a role and holds no case data; its
# "Screening" (against designations) is not the trafficking screening looked for here.
MENU = re.compile(r'<nav aria-label="[^"]*">.*?</nav>', re.DOTALL)


def assert_untold(text: str) -> None:
    """Nothing in what the requested state received names a screening, hold or referral."""
    lowered = MENU.sub("", text, count=1).lower()
    for word in TELLING:
        assert word not in lowered, f"{word!r} reached the requested state: {text[:400]}"
