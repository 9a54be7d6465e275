"""Legal pathways benchmark: allocation of a fiscal year's places and eligibility evaluation
over --cases (default 500,000) intake cases.

1. A fresh database (SQLite file, or a PostgreSQL schema with --database-url) with the
   example programmes (`programmes.load_examples`) and --cases cases of the three pathways
   with ceilings or none (resettlement 40 %, family reunification parole 30 %, H-2B 30 %),
   inserted in bulk, not through the API: answers to every question of the programme (each
   rule met 19 times in 20), a priority category, an intake date in 2022-2023. 70 % of the
   resettlement and H-2B cases are waitlisted (approved on the merits, waiting for a place),
   the others and every parole case are at earlier steps. Half the resettlement cases are
   of the Western Hemisphere (its 50,000-place sub-ceiling), half of other regions.
2. Allocation: `allocation.run` for FY2024 of resettlement (125,000 places, 50,000 of them
   Western Hemisphere) and of H-2B (66,000 in halves; run on 2 October 2023, so the first
   half's 33,000), each in its own transaction, commit included (the audit chain is sealed
   then): what a supervisor's POST .../allocations or `readmit pathways allocate` does.
   Target: < 60 s each.
3. Eligibility: --samples cases drawn at random (of every programme), each read from the
   database by reference with its documents' kinds, and evaluated (`rules.evaluate`, the
   call the service makes at intake, edit and screening), one warm process. Target: p95 <
   50 ms per case.

Writes bench/results/pathways.json and pathways.md.

Run: make bench-pathways, or .venv/bin/python bench/pathways.py [--cases N] [--samples N]
     [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select, text
from sqlalchemy.orm import Session

from readmit.pathways.definitions import ProgrammeFile
from readmit.pathways.models import CaseDocument, PathwayCase, Programme

RESULTS = Path(__file__).resolve().parent / "results"
STATE = "USA"
BATCH = 20_000
SHARES = {"usa-resettlement": 0.4, "usa-frp": 0.3, "usa-h2b": 0.3}
RUNS = {"usa-resettlement": 2024, "usa-h2b": 2024}
RUN_AT = datetime.datetime(2023, 10, 2, 9, tzinfo=datetime.UTC)
EARLIER = ("registered", "screened", "referred", "interviewed")
OTHER_REGIONS = ("AFG", "COD", "SYR", "MMR", "ERI", "SDN")
TARGETS = {"allocation_s": 60.0, "eligibility_p95_ms": 50.0}


def _setup(url: str) -> tuple[Engine, int, dict[str, Programme]]:
    from readmit.auth import service as auth
    from readmit.auth.models import Role
    from readmit.database.core import make_engine
    from readmit.database.migrate import upgrade
    from readmit.pathways import programmes
    from readmit.tenancy import service as tenancy

    engine = make_engine(url)
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        tenancy.get_or_create_state(session=session, code=STATE, name=STATE)
        authority = tenancy.get_or_create_authority(
            session=session, state_code=STATE, name="Bench", short_name="bench"
        )
        user = auth.create_user(
            session=session,
            authority_id=authority.id,
            email="supervisor@bench.test",
            full_name="supervisor",
            password="bench password 123",
            roles=[Role.supervisor, Role.safe_mobility_officer],
        )
        loaded = {p.code: p for p in programmes.load_examples(session=session)}
        session.commit()
        return engine, user.id, {code: loaded[code] for code in SHARES}


def _answer(rng: random.Random, fact: Any, file: ProgrammeFile) -> Any:
    if fact.type == "boolean":
        return rng.random() < 0.85
    if fact.type == "choice":
        return rng.choice(fact.choices)
    if fact.type == "country":
        return rng.choice(file.eligible_nationalities)
    if fact.type == "date":
        return (
            datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(1500))
        ).isoformat()
    return rng.randrange(0, 60)


def _meeting(rng: random.Random, rule: Any, value: Any) -> Any:
    """An answer that meets the rule (none_of: the random answer, which mostly does)."""
    if rule.equals is not None:
        return rule.equals
    if rule.one_of:
        return rng.choice(rule.one_of)
    if rule.at_least is not None:
        return rule.at_least + rng.randrange(10)
    if rule.at_most is not None:
        return max(rule.at_most - rng.randrange(10), 0)
    return value


def _answers(rng: random.Random, file: ProgrammeFile) -> dict[str, Any]:
    """Answers to every question, meeting each rule 19 times in 20."""
    answers = {fact.id: _answer(rng, fact, file) for fact in file.facts}
    for rule in file.rules:
        if rule.fact in answers and rng.random() < 0.95:
            answers[rule.fact] = _meeting(rng, rule, answers[rule.fact])
    return answers


def _row(
    rng: random.Random, n: int, programme: Programme, file: ProgrammeFile, user_id: int
) -> dict[str, Any]:
    capped = not file.uncapped
    status = "waitlisted" if capped and rng.random() < 0.7 else rng.choice(EARLIER)
    other = programme.code == "usa-resettlement" and rng.random() < 0.5
    nationality = rng.choice(OTHER_REGIONS if other else file.eligible_nationalities)
    rank = rng.randrange(len(file.priority_categories) + 1)
    applied = datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
        days=rng.randrange(730), seconds=rng.randrange(86_400)
    )
    place = rng.choice(file.intake_places)
    return {
        "reference": f"PW-{STATE}-{applied.year}-{n:09d}",
        "state_code": STATE,
        "programme_code": programme.code,
        "programme_version": programme.version,
        "status": status,
        "intake_place": place.code,
        "intake_state": place.state,
        "family_name": f"Family {n}",
        "given_names": "Ana María",
        "birth_date": f"{rng.randrange(1950, 2010)}-{rng.randrange(1, 13):02d}-15",
        "sex": rng.choice("FM"),
        "nationality": nationality,
        "facts": _answers(rng, file),
        "eligible": True if status == "waitlisted" else None,
        "priority_category": file.priority_categories[rank].id
        if rank < len(file.priority_categories)
        else "",
        "priority_rank": rank,
        "region": file.region_of(nationality),
        "applied_at": applied,
        "created_by_id": user_id,
        "created_at": applied,
        "updated_at": applied,
    }


def load(engine: Engine, user_id: int, loaded: dict[str, Programme], cases: int) -> dict[str, Any]:
    """Cases in bulk; timed."""
    from readmit.pathways import programmes

    rng = random.Random(0)
    files = {code: programmes.definition(p) for code, p in loaded.items()}
    codes, weights = list(SHARES), list(SHARES.values())
    started = time.perf_counter()
    counts: dict[str, dict[str, int]] = {code: {} for code in SHARES}
    with Session(engine) as session:
        for start in range(0, cases, BATCH):
            rows = []
            for n in range(start, min(start + BATCH, cases)):
                code = rng.choices(codes, weights)[0]
                row = _row(rng, n + 1, loaded[code], files[code], user_id)
                counts[code][row["status"]] = counts[code].get(row["status"], 0) + 1
                rows.append(row)
            session.execute(insert(PathwayCase), rows)
        session.commit()
        if engine.dialect.name == "postgresql":
            session.execute(text("ANALYZE pathway_cases"))
            session.commit()
    return {
        "cases": cases,
        "by_programme": counts,
        "seconds": round(time.perf_counter() - started, 1),
    }


def allocate(engine: Engine, user_id: int) -> dict[str, Any]:
    """One allocation run per capped programme, each committed; timed."""
    from readmit.auth.models import User
    from readmit.pathways import allocation

    outcome = {}
    for code, year in RUNS.items():
        started = time.perf_counter()
        with Session(engine) as session:
            user = session.get(User, user_id)
            ran = allocation.run(
                session=session, user=user, programme_code=code, fiscal_year=year, now=RUN_AT
            )
            counted = time.perf_counter()
            session.commit()
        done = time.perf_counter()
        outcome[code] = {
            "fiscal_year": year,
            "allocated": ran.allocated,
            "still_waitlisted": ran.waitlisted,
            "ceilings": [c.model_dump() for c in ran.ceilings],
            "seconds": round(done - started, 2),
            "commit_seconds": round(done - counted, 2),
        }
    return outcome


def eligibility(engine: Engine, user_id: int, samples: int) -> dict[str, Any]:
    """Read and evaluate random cases one by one; latency per case."""
    from readmit.pathways import programmes, rules, service

    rng = random.Random(1)
    with Session(engine) as session:
        top = session.scalar(select(PathwayCase.id).order_by(PathwayCase.id.desc()).limit(1)) or 0
        picked = [rng.randrange(1, top + 1) for _ in range(samples)]
        references = dict(
            session.execute(
                select(PathwayCase.id, PathwayCase.reference).where(PathwayCase.id.in_(picked))
            ).all()
        )
        documents = [
            {
                "case_id": case_id,
                "kind": "identity_document",
                "filename": "passport.pdf",
                "media_type": "application/pdf",
                "size": 9,
                "sha256": "0" * 64,
                "content": b"%PDF-1.4\n",
                "uploaded_by_id": user_id,
            }
            for case_id in references
            if rng.random() < 0.8
        ]
        if documents:
            session.execute(insert(CaseDocument), documents)
        session.commit()
    today = datetime.date(2024, 1, 15)
    latencies = []
    outcomes: dict[str, int] = {}
    with Session(engine) as session:
        for case_id in picked:
            started = time.perf_counter()
            case = session.scalars(
                select(PathwayCase).where(PathwayCase.reference == references[case_id])
            ).one()
            version = programmes.version(
                session=session, code=case.programme_code, number=case.programme_version
            )
            found = rules.evaluate(
                programme=programmes.definition(version),
                case=case,
                documents=service.document_kinds(session, case),
                today=today,
            )
            latencies.append((time.perf_counter() - started) * 1000)
            verdict = str(rules.verdict(found))
            outcomes[verdict] = outcomes.get(verdict, 0) + 1
            session.expunge_all()
    return {
        "samples": samples,
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(_percentile(latencies, 0.95), 2),
        "p99_ms": round(_percentile(latencies, 0.99), 2),
        "verdicts": outcomes,
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _database(url: str | None, work: Path) -> tuple[str, str | None]:
    """A fresh database: an SQLite file in `work`, or a new schema in PostgreSQL."""
    if url is None:
        return f"sqlite:///{work / 'pathways.db'}", None
    from readmit.database.core import make_engine

    schema = f"bench_pathways_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}", schema


def _drop(url: str | None, schema: str | None) -> None:
    if url and schema:
        from readmit.database.core import make_engine

        admin = make_engine(url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Legal pathways benchmark",
        "",
        f"`{report['command']}` — {report['started']}, {report['machine']}, "
        f"{report['backend']}, load average {report['load_average_at_start']} at the start, "
        f"{report['load_average_at_end']} at the end.",
        "",
        f"{report['load']['cases']:,} cases inserted in bulk in {report['load']['seconds']} s.",
        "",
        "## Allocation of a fiscal year's places (target < 60 s each)",
        "",
        "| Programme | FY | Allocated | Still waitlisted | Seconds (commit) |",
        "|---|---|---|---|---|",
    ]
    for code, ran in report["allocation"].items():
        lines.append(
            f"| {code} | {ran['fiscal_year']} | {ran['allocated']:,} | "
            f"{ran['still_waitlisted']:,} | {ran['seconds']} ({ran['commit_seconds']}) |"
        )
    lines += ["", "Places left after each run:", ""]
    for code, ran in report["allocation"].items():
        left = ", ".join(
            f"{c['bucket']} {c['allocated']:,}/{c['capacity']:,}" for c in ran["ceilings"]
        )
        lines.append(f"- {code}: {left}")
    e = report["eligibility"]
    lines += [
        "",
        "## Eligibility evaluation per case (target p95 < 50 ms)",
        "",
        f"{e['samples']:,} cases read by reference and evaluated: p50 {e['p50_ms']} ms, "
        f"p95 {e['p95_ms']} ms, p99 {e['p99_ms']} ms (verdicts: {e['verdicts']}).",
        "",
        f"Targets met: {report['targets_met']}.",
        "",
        "## Method",
        "",
        report["method"],
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=500_000)
    parser.add_argument("--samples", type=int, default=1_000)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a temporary SQLite)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="readmit-pathways-"))
    os.environ.setdefault("READMIT_HOME", str(work / "home"))
    url, schema = _database(args.database_url, work)
    started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    load_start = [round(x, 2) for x in os.getloadavg()]
    try:
        engine, user_id, loaded = _setup(url)
        built = load(engine, user_id, loaded, args.cases)
        allocated = allocate(engine, user_id)
        evaluated = eligibility(engine, user_id, args.samples)
        engine.dispose()
    finally:
        _drop(args.database_url, schema)
    slowest = max(ran["seconds"] for ran in allocated.values())
    report = {
        "started": started,
        "command": " ".join(["python bench/pathways.py", *sys.argv[1:]]),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "backend": "PostgreSQL" if args.database_url else "SQLite",
        "load_average_at_start": load_start,
        "load": built,
        "allocation": allocated,
        "eligibility": evaluated,
        "targets": TARGETS,
        "targets_met": slowest < TARGETS["allocation_s"]
        and evaluated["p95_ms"] < TARGETS["eligibility_p95_ms"],
        "method": __doc__.split("\n\n", 1)[1].split("\n\nWrites")[0],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "pathways.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    )
    (args.results / "pathways.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
