"""Jobs run end to end by real worker processes: `readmit serve` (with READMIT_JOB_WORKERS
workers beside the web app) on its own database and READMIT_HOME. An admin of China loads a
synthetic register extract (two bad rows among it), then a verifier verifies applications
made from it: each job's progress reaches its total, its counts are those of the files, and
the files it made are downloaded."""

import csv
import io
import json
import random
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from readmit.auth.models import Role
from readmit.identity.batch import COLUMNS
from readmit.synth.project.generator import generate_register, make_application, register_row
from tests.factories import World
from tests.jobs.running import environment, finished, seeded, serve, stop

SIZE = 400


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, World, Path]]:
    work = tmp_path_factory.mktemp("jobs-served")
    url, engine, world = seeded("jobs_served")
    env = environment(work / "home", url, job_workers="2")
    process, base = serve(env, work / "server.log")
    try:
        yield base, world, work
    finally:
        stop(process)
        engine.dispose()
    log = (work / "server.log").read_text(errors="replace")
    assert log.count("job worker") == 4 and log.count("stopped") == 2, log[-3000:]


def client(base: str, world: World, role: Role) -> httpx.Client:
    token = world.tokens[("CHN", role)]
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60)


def test_a_register_load_then_a_verification(server: tuple[str, World, Path]) -> None:
    base, world, work = server
    people = generate_register(country="CHN", size=SIZE, seed=11)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(register_row(p) for p in people)
    writer.writerow({**register_row(people[0]), "family_name": "Smith"})  # not Han script
    writer.writerow(register_row(people[1]))  # a person_id repeated
    with client(base, world, Role.admin) as admin:
        started = admin.post(
            "/api/v1/jobs/register-load",
            files={"file": ("chn-extract.csv", text.getvalue().encode(), "text/csv")},
        )
        assert started.status_code == 201, started.text
        load = finished(admin, started.json()["reference"])
        assert load["status"] == "done", load
        assert load["done"] == load["total"] == SIZE + 2
        assert (load["result"]["loaded"], load["result"]["bad"]) == (SIZE, 2)
        bad = admin.get(f"/api/v1/jobs/{load['reference']}/files/bad-rows.csv")
        assert bad.status_code == 200
        rows = list(csv.reader(io.StringIO(bad.text)))
        assert rows[0] == ["line", "reason"] and [r[0] for r in rows[1:]] == ["402", "403"]
        assert "repeats line 3" in rows[2][1]
    assert not list((work / "home" / "jobs" / load["reference"]).glob("upload.*"))

    rng = random.Random(4)
    lines = [
        json.dumps(
            {
                "application_id": f"A-{i}",
                "requesting_state": "USA",
                "requested_state": "CHN",
                "person": make_application(p, requested_state="CHN", rng=rng, corruption="clean"),
            },
            ensure_ascii=False,
        )
        for i, p in enumerate(people[:60])
    ]
    lines.insert(5, "{not json")
    with client(base, world, Role.verifier) as verifier:
        started = verifier.post(
            "/api/v1/jobs/verify-batch",
            files={"file": ("apps.jsonl", ("\n".join(lines) + "\n").encode(), "text/plain")},
        )
        assert started.status_code == 201, started.text
        job = finished(verifier, started.json()["reference"])
        assert job["status"] == "done", job
        assert job["done"] == job["total"] == 61
        counts = job["result"]
        assert counts["invalid"] == 1 and counts["confirm"] >= 50
        assert sum(counts[k] for k in ("confirm", "review", "no_match", "invalid")) == 61
        results = verifier.get(f"/api/v1/jobs/{job['reference']}/files/results.jsonl")
        assert results.status_code == 200
        parsed = [json.loads(line) for line in results.text.splitlines()]
        assert len(parsed) == 61 and parsed[5]["line"] == 6 and "error" in parsed[5]
        assert parsed[0]["application_id"] == "A-0"
        assert parsed[0]["candidates"][0]["person_id"] == people[0].person_id
