"""A reintegration case acted on by many at once, through real parallel clients against a real
server: the provider's officers accepting the same referral get exactly one outcome, and its
follow-ups are scheduled once."""

import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from readmit.applications.models import Application
from readmit.auth.models import User
from readmit.database.core import make_engine
from readmit.reintegration.models import FollowUp, ReintegrationCase
from readmit.tenancy.models import Authority
from tests.concurrency.harness import (
    Attempt,
    Server,
    assert_database_consistent,
    assert_one_winner,
    race,
)

CLIENTS = 20
PROVIDER = "gt-camr-xela"  # the demo's provider (readmit.demo.seed)


@pytest.fixture(scope="module")
def engine(server: Server) -> Iterator[Engine]:
    """The served database, to set the scene up and check it afterwards."""
    made = make_engine(server.env["READMIT_DATABASE_URL"])
    yield made
    made.dispose()


def referred(engine: Engine) -> str:
    """A case referred to the demo provider, for a USA→GTM application of the demo."""
    with Session(engine) as session:
        provider = session.scalar(select(Authority).where(Authority.short_name == PROVIDER))
        taken = select(ReintegrationCase.application_id)
        application = session.scalar(
            select(Application)
            .where(
                Application.requesting_state == "USA",
                Application.requested_state == "GTM",
                Application.id.not_in(taken),
            )
            .limit(1)
        )
        officer = session.scalar(select(User).where(User.email.like("%@us-ice-ero.example")))
        assert provider is not None and application is not None and officer is not None
        reference = f"RI-GTM-1998-{secrets.randbelow(10**9):09d}"
        session.add(
            ReintegrationCase(
                reference=reference,
                application_id=application.id,
                requesting_state="USA",
                requested_state="GTM",
                provider_authority_id=provider.id,
                programme_code="iom-rss",
                region="Quetzaltenango",
                referred_by_id=officer.id,
            )
        )
        session.commit()
    return reference


def test_one_referral_accepted_by_many_at_once(server: Server, engine: Engine) -> None:
    reference = referred(engine)
    officer = next(u for u in server.users if u["email"].endswith(f"@{PROVIDER}.example"))
    path = f"/reintegration/cases/{reference}/accept"
    attempts = [Attempt("accept", officer["api_token"], "POST", path, {}) for _ in range(CLIENTS)]
    won = assert_one_winner(race(server, attempts))
    assert won.body["status"] == "active"
    with Session(engine) as session:
        case_id = session.scalar(
            select(ReintegrationCase.id).where(ReintegrationCase.reference == reference)
        )
        scheduled = session.scalar(
            select(func.count()).select_from(FollowUp).where(FollowUp.case_id == case_id)
        )
    assert scheduled == 3  # 3, 6 and 12 months, once
    assert_database_consistent(server)
