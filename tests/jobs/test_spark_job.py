"""A batch verification job on Spark (`engine=spark`) writes what the same job on the
single-machine engine writes: the same recommendations and candidate lists, one line per
input line, its progress counted for every line. The handler is run as a worker runs it."""

import json
import random
from pathlib import Path

from readmit.identity.loader import load
from readmit.identity.spark.register import load as prepare
from readmit.identity.store import store_path
from readmit.jobs import files, handlers
from readmit.jobs.queue import Ticket
from readmit.synth.project.generator import generate_register, make_application, write_register_csv


class Counted:
    """A run's progress, as the worker's heartbeat counts it."""

    def __init__(self) -> None:
        self.done = 0

    def add(self, n: int = 1) -> None:
        self.done += n


def _run(home: Path, engine: str, lines: list[str]) -> tuple[list[dict[str, object]], int]:
    reference = f"JOB-{engine.upper()}"
    upload = files.folder(home, reference) / "upload.jsonl"
    upload.parent.mkdir(parents=True)
    upload.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ticket = Ticket(
        id=1,
        reference=reference,
        kind="verify_batch",
        parameters={"country": "CHN", "engine": engine, "filename": "apps.jsonl"},
        authority_id=1,
        created_by_id=1,
        total=len(lines),
        worker="test:1",
        attempt=1,
    )
    progress = Counted()
    result = handlers.verify_batch(ticket, handlers.Context(home=home, progress=progress))
    assert result["files"] == ["results.jsonl"]
    made = files.produced(home, reference, 1, "results.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in made.splitlines()], progress.done


def test_spark_and_the_single_engine_give_the_same_results(tmp_path: Path) -> None:
    people = generate_register(country="CHN", size=300, seed=31)
    extract = tmp_path / "register.csv"
    write_register_csv(extract, people)
    home = tmp_path / "home"
    load(path=extract, country="CHN", store=store_path(home, "CHN"))
    prepare(path=extract, country="CHN", home=home, master="local[2]")
    rng = random.Random(32)
    lines = [
        json.dumps(
            {
                "application_id": f"A-{i}",
                "person": make_application(p, requested_state="CHN", rng=rng, corruption="typical"),
            },
            ensure_ascii=False,
        )
        for i, p in enumerate(people[:30])
    ]
    lines.insert(3, "{not json")
    single, counted = _run(home, "single", lines)
    spark, counted_on_spark = _run(home, "spark", lines)
    assert counted == counted_on_spark == len(lines)
    assert [r.get("recommendation") for r in spark] == [r.get("recommendation") for r in single]
    assert [[c["person_id"] for c in r.get("candidates", [])] for r in spark] == [
        [c["person_id"] for c in r.get("candidates", [])] for r in single
    ]
    assert spark[3] == single[3] == {"line": 4, "error": spark[3]["error"]}
