"""A real server on loopback: uvicorn in a background thread on its own small database (one
case officer), for what only a real server shows: bodies that arrive in pieces, and requests
served side by side."""

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.orm import Session

from readmit.auth import service as auth
from readmit.auth.models import Role
from readmit.database.core import make_engine
from readmit.database.migrate import upgrade
from readmit.tenancy import service as tenancy
from tests.conftest import database_url
from tests.factories import PASSWORD
from tests.live import serving
from tests.pages.browsing import token_of

OFFICER = "officer@loopback.test"


@dataclass
class Loopback:
    """Where the server listens."""

    host: str
    port: int

    @property
    def url(self) -> str:
        """The server's base address."""
        return f"http://{self.host}:{self.port}"

    def log_in(self) -> tuple[httpx.Client, str]:
        """A client with the officer's session, and the session's form token."""
        client = httpx.Client(base_url=self.url, timeout=30)
        token = token_of(client.get("/login").text)
        client.post("/login", data={"email": OFFICER, "password": PASSWORD, "csrf_token": token})
        return client, token_of(client.get("/travel-documents/verify").text)


@pytest.fixture(scope="session")
def loopback() -> Iterator[Loopback]:
    """The server, started once for the session."""
    engine = make_engine(database_url("loopback"))
    upgrade(engine)
    with Session(engine) as session:
        authority = tenancy.get_or_create_authority(
            session=session,
            state_code=tenancy.get_or_create_state(session=session, code="USA", name="USA").code,
            name="Loopback authority",
            short_name="us-loop",
        )
        auth.create_user(
            session=session,
            authority_id=authority.id,
            email=OFFICER,
            full_name="Loopback officer",
            password=PASSWORD,
            roles=[Role.case_officer],
        )
        session.commit()
    try:
        with serving(engine) as (host, port):
            yield Loopback(host, port)
    finally:
        engine.dispose()
