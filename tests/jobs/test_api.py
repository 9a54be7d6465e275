"""The jobs API per role and state: each kind is started by its roles only (403 for the
others), a job is seen by its authority's users who start its kind (another state's 404, a
role that starts nothing 403), cancelled once, and its files downloaded by name only (each
download audited). Malformed and oversized uploads are refused with a 4xx naming the
problem, and nothing is queued."""

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.attachments.service import max_bytes
from readmit.auth.models import Role
from readmit.config import get_settings
from readmit.database.core import utcnow
from readmit.errors import Conflict
from readmit.identity.store import store_path
from readmit.jobs import files, queue, service
from readmit.jobs.models import Job
from readmit.jobs.schemas import Engine
from tests.factories import World
from tests.jobs.cases import actions, applications_jsonl, register_csv

API = "/api/v1/jobs"
STARTERS = {
    "register-load": {Role.admin},
    "verify-batch": {Role.verifier, Role.supervisor},
    "statistics": {Role.analyst, Role.supervisor},
}


def body(world: World, route: str) -> dict[str, Any]:
    """The request that starts a job of this route's kind."""
    if route == "register-load":
        return {"files": {"file": ("chn.csv", register_csv(world), "text/csv")}}
    if route == "verify-batch":
        return {"files": {"file": ("apps.jsonl", applications_jsonl(world), "text/plain")}}
    return {"json": {"corridor": "USA-CHN", "format": "csv"}}


def start(client: TestClient, world: World, route: str, role: Role, state: str = "CHN") -> Any:
    return client.post(f"{API}/{route}", headers=world.headers(state, role), **body(world, route))


@pytest.mark.parametrize("route", sorted(STARTERS))
def test_each_kind_is_started_by_its_roles_only(
    client: TestClient, world: World, route: str
) -> None:
    for role in Role:
        response = start(client, world, route, role)
        if role not in STARTERS[route]:
            assert response.status_code == 403, (role, response.text)
            continue
        assert response.status_code == 201, (role, response.text)
        job = response.json()
        assert (job["status"], job["done"], job["allowed"]) == ("queued", 0, ["cancel"])
        assert job["total"] == {"register-load": 20, "verify-batch": 5, "statistics": 1}[route]


def test_a_job_is_seen_by_its_authority_for_its_kind(
    client: TestClient, db: Session, world: World
) -> None:
    job = start(client, world, "register-load", Role.admin).json()
    path = f"{API}/{job['reference']}"
    assert client.get(path, headers=world.headers("CHN", Role.admin)).status_code == 200
    for state in ("USA", "GTM", "MEX"):
        assert client.get(path, headers=world.headers(state, Role.admin)).status_code == 404
    # A verifier of the same authority starts other kinds: not theirs to see.
    assert client.get(path, headers=world.headers("CHN", Role.verifier)).status_code == 404
    for role in (Role.case_officer, Role.protection_officer, Role.auditor):
        assert client.get(path, headers=world.headers("CHN", role)).status_code == 403
        assert client.get(API, headers=world.headers("CHN", role)).status_code == 403
    listed = client.get(API, headers=world.headers("CHN", Role.admin)).json()
    assert job["reference"] in [j["reference"] for j in listed["items"]]
    for state, role in (("USA", Role.admin), ("CHN", Role.verifier)):
        others = client.get(API, headers=world.headers(state, role)).json()["items"]
        assert job["reference"] not in [j["reference"] for j in others]


def test_a_job_is_cancelled_once_by_its_authority(
    client: TestClient, db: Session, world: World
) -> None:
    job = start(client, world, "verify-batch", Role.verifier).json()
    path = f"{API}/{job['reference']}/cancel"
    assert client.post(path, headers=world.headers("GTM", Role.verifier)).status_code == 404
    assert client.post(path, headers=world.headers("CHN", Role.analyst)).status_code == 404
    assert client.post(path, headers=world.headers("CHN", Role.case_officer)).status_code == 403
    done = client.post(path, headers=world.headers("CHN", Role.supervisor))
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    again = client.post(path, headers=world.headers("CHN", Role.verifier))
    assert again.status_code == 409 and again.json()["allowed"] == []
    found = db.scalars(select(Job).where(Job.reference == job["reference"])).one()
    assert files.upload_of(get_settings().home, found.reference) is None  # nothing kept
    assert actions(db, found) == ["job.start", "job.cancel"]


def test_only_the_files_a_job_made_are_downloaded(
    client: TestClient, db: Session, world: World
) -> None:
    job = start(client, world, "statistics", Role.analyst, state="USA").json()
    ticket = queue.claim(session=db, worker="test:1", now=utcnow())
    assert ticket is not None and ticket.reference == job["reference"]
    home = get_settings().home
    with files.create(home, ticket.reference, ticket.attempt, "indicators.csv") as out:
        out.write(b"requesting_state,requested_state,month\n")
    assert queue.finish(
        session=db, ticket=ticket, result={"files": ["indicators.csv"]}, done=1, now=utcnow()
    )
    db.commit()
    path = f"{API}/{job['reference']}/files"
    analyst = world.headers("USA", Role.analyst)
    got = client.get(f"{path}/indicators.csv", headers=analyst)
    assert got.status_code == 200 and got.content.startswith(b"requesting_state")
    assert "attachment" in got.headers["content-disposition"]
    assert (
        client.get(f"{path}/indicators.csv", headers=world.headers("CHN", Role.analyst)).status_code
        == 404
    )
    assert client.get(f"{path}/upload.csv", headers=analyst).status_code == 404
    assert client.get(f"{path}/..%2Freadmit.db", headers=analyst).status_code in (404, 422)
    found = db.scalars(select(Job).where(Job.reference == job["reference"])).one()
    assert actions(db, found) == ["job.start", "job.finish", "job.download"]
    made = files.produced(home, found.reference, 1, "indicators.csv")
    assert [p.stat().st_mode & 0o777 for p in (made, made.parent, made.parent.parent)] == [
        0o600,
        0o700,
        0o700,
    ]


def _refused(response: Any, status: int, field: str, words: str) -> None:
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    text = str(detail)
    assert words in text, text
    if isinstance(detail, list):
        assert detail[0]["loc"][-1] == field


def test_malformed_register_extracts_are_refused(
    client: TestClient, db: Session, world: World
) -> None:
    admin = world.headers("CHN", Role.admin)
    before = db.scalar(select(func.count()).select_from(Job))

    def send(name: str, data: bytes, **form: str) -> Any:
        return client.post(
            f"{API}/register-load", headers=admin, files={"file": (name, data)}, data=form
        )

    _refused(send("chn.txt", b"x"), 422, "file", "must end in .csv or .parquet")
    _refused(send("chn.csv", b""), 422, "file", "the file is empty")
    too_big = b"person_id\n" + b"x" * max_bytes()
    _refused(send("chn.csv", too_big), 422, "file", "larger than the 10 MB limit")
    _refused(send("chn.csv", b"person_id,national_id\nP1,1\n"), 422, "file", "missing")
    _refused(send("chn.parquet", b"not parquet at all"), 422, "file", "chn.parquet")
    _refused(send("chn.csv", register_csv(world), encoding="ebcdic"), 422, "encoding", "utf-8")
    _refused(send("chn.csv", register_csv(world), encoding="\x00"), 422, "encoding", "utf-8")
    _refused(
        send("chn.parquet", b"PAR1", encoding="gb18030"), 422, "encoding", "Parquet text is UTF-8"
    )
    latin = register_csv(world).replace(b"person_id", "personé_id".encode("latin-1"))
    _refused(send("chn.csv", latin), 422, "file", "not UTF-8")
    assert "/jobs/" not in send("chn.csv", latin).text  # the server's paths stay its own
    assert db.scalar(select(func.count()).select_from(Job)) == before


def test_malformed_applications_are_refused(client: TestClient, db: Session, world: World) -> None:
    verifier = world.headers("CHN", Role.verifier)

    def send(name: str, data: bytes, **form: str) -> Any:
        return client.post(
            f"{API}/verify-batch", headers=verifier, files={"file": (name, data)}, data=form
        )

    _refused(send("apps.csv", b"{}"), 422, "file", "must end in .jsonl or .ndjson")
    _refused(send("apps.jsonl", b"%PDF-1.7\n"), 422, "file", "its content is a PDF")
    _refused(send("apps.jsonl", b"{\xff\xfe\n"), 422, "file", "no line to verify")
    _refused(send("apps.jsonl", applications_jsonl(world), engine="quantum"), 422, "engine", "")
    oversized = client.post(
        f"{API}/verify-batch",
        headers=verifier,
        files={"file": ("apps.jsonl", b"{" + b" " * (12 * 2**20))},
    )
    assert oversized.status_code == 413


@pytest.mark.parametrize("chosen", list(Engine))
def test_a_verification_needs_a_loaded_register(
    db: Session, world: World, tmp_path: Path, chosen: Engine
) -> None:
    verifier = world.user(db, "CHN", Role.verifier)
    if chosen is Engine.spark:  # the engine's store is no register prepared for Spark
        store_path(tmp_path, "CHN").parent.mkdir(parents=True)
        store_path(tmp_path, "CHN").touch()
    with pytest.raises(Conflict, match="No register is loaded for CHN"):
        service.start_verify_batch(
            session=db,
            user=verifier,
            home=tmp_path,
            filename="apps.jsonl",
            data=applications_jsonl(world),
            engine=chosen,
        )


def test_malformed_statistics_exports_are_refused(client: TestClient, world: World) -> None:
    analyst = world.headers("USA", Role.analyst)

    def send(payload: dict[str, Any]) -> Any:
        return client.post(f"{API}/statistics", headers=analyst, json=payload)

    _refused(send({"period_from": "2026-13"}), 422, "period_from", "not a month")
    _refused(send({"format": "xlsx"}), 422, "format", "")
    _refused(send({"colour": "red"}), 422, "colour", "")
    assert send({"corridor": "USA-MEX"}).status_code == 404
