"""Screening benchmark: Readmit's screening against nomenklatura's matcher, and latency at 1M.

1. A synthetic designation list of --entities (default 1,000,000) entities
   (`screening_data.make_list`), every one designated, loaded into a fresh SQLite database
   through the same tables and bulk index (`screening.index.reindex`) as the application.
2. Queries (--queries of each kind, default 1,000): variants of designated entities (must
   be found) and look-alikes (must not hit), see `screening_data`. A look-alike is kept only
   when the list holds no name within one keying slip of it (or, for a namesake, none with
   a birth year within two years): checked on the entities the key index returns for it,
   by word comparison, not by either matcher's score.
3. Readmit end to end: `screening.engine.find` (the API's call), one warm process; latency
   p50/p99 over every query.
4. The same candidate pairs scored by both matchers: Readmit's shortlist for the query (the
   entities its key index returns, at most 40) plus the designated entity the query was
   made from, which nomenklatura would otherwise never see when the key index misses it.
   nomenklatura 4.17.4 scores each pair with its own algorithms (logic-v2, the one yente
   uses, and name-based) on FtM entities built from the same properties.
   A pair is a hit from --threshold (default 0.7, Readmit's review threshold and yente's
   default) up.

Figures: recall (variant queries whose entity is a hit), false-positive rate (look-alike
queries with any hit), precision = found / (found + look-alike queries with a hit), per
query type; latency. Writes bench/results/screening.json and screening.md.

Run: make bench-screening, or .venv/bin/python bench/screening.py [--entities N]
     [--queries N] [--quick] [--database PATH] [--keep]
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
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_data import Entity, make_list
from screening_queries import Query, make_queries
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from readmit.designations.models import Designation
from readmit.designations.models import Entity as EntityRow

RESULTS = Path(__file__).resolve().parent / "results"
STATE = "USA"
BATCH = 20_000


def _setup(url: str) -> tuple[Any, int]:
    from readmit.auth import service as auth
    from readmit.auth.models import Role
    from readmit.database.core import make_engine
    from readmit.database.migrate import upgrade
    from readmit.tenancy import service as tenancy

    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        tenancy.get_or_create_state(session=session, code=STATE, name=STATE)
        authority = tenancy.get_or_create_authority(
            session=session, state_code=STATE, name="Bench", short_name="bench"
        )
        user = auth.create_user(
            session=session,
            authority_id=authority.id,
            email="analyst@bench.test",
            full_name="analyst",
            password="bench password 123",
            roles=[Role.analyst],
        )
        session.commit()
        return engine, user.id


def load(url: str, entities: list[Entity]) -> dict[str, Any]:
    """Entities, links and designations in bulk, then the key index; timed."""
    from readmit.database.core import utcnow
    from readmit.screening.index import reindex

    engine, user_id = _setup(url)
    started = time.perf_counter()
    now = utcnow()
    ids: dict[str, int] = {}
    with Session(engine) as session:
        for start in range(0, len(entities), BATCH):
            rows = [
                {
                    "id": start + i + 1,
                    "state_code": STATE,
                    "ftm_id": e.ftm_id,
                    "schema": e.schema,
                    "caption": (e.properties.get("name") or [e.schema])[0],
                    "properties": e.properties,
                    "updated_at": now,
                }
                for i, e in enumerate(entities[start : start + BATCH])
            ]
            for row in rows:
                ids[row["ftm_id"]] = row["id"]
            for row, e in zip(rows, entities[start : start + BATCH], strict=True):
                row["subject_id"] = ids.get(e.subject or "")
                row["object_id"] = ids.get(e.object or "")
            session.execute(insert(EntityRow), rows)
            designations = [
                {
                    "state_code": STATE,
                    "entity_id": r["id"],
                    "status": "designated",
                    "legal_basis": "INA 212(a)(3)(C)",
                    "reason": "",
                    "decision_note": "",
                    "delisting_reason": "",
                    "proposed_by_id": user_id,
                    "proposed_at": now,
                }
                for r, e in zip(rows, entities[start : start + BATCH], strict=True)
                if e.schema != "Directorship"
            ]
            if designations:
                session.execute(insert(Designation), designations)
        loaded = time.perf_counter()
        keys = reindex(session=session, state_code=STATE, workers=2)
        session.commit()
        indexed = time.perf_counter()
        session.execute(text("ANALYZE"))
        session.commit()
    engine.dispose()
    return {
        "entities": len(entities),
        "keys": keys,
        "load_seconds": round(loaded - started, 1),
        "index_seconds": round(indexed - loaded, 1),
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(int(len(ordered) * share) - 1, 0)], 2) if ordered else 0.0


def _ftm(schema: str, props: dict[str, list[str]]) -> Any:
    from followthemoney import model

    entity = model.make_entity(schema)
    entity.id = f"e{random.getrandbits(64):x}"
    for prop, values in props.items():
        if prop in entity.schema.properties:
            for value in values:
                entity.add(prop, value, quiet=True)
    return entity


def _query_ftm(query: Query) -> Any:
    q = query.query
    if q.kind == "person":
        props = {
            "name": [q.name],
            "birthDate": [q.birth_date] if q.birth_date else [],
            "nationality": [q.nationality] if q.nationality else [],
        }
        return _ftm("Person", props)
    props = {
        "name": [q.name],
        "jurisdiction": [q.jurisdiction] if q.jurisdiction else [],
        "registrationNumber": [q.registration_number] if q.registration_number else [],
        "idNumber": [c for c in (q.iata_code, q.icao_code) if c],
    }
    return _ftm("Company", props)


def run(url: str, queries: list[Query], threshold: float) -> dict[str, Any]:
    """Every query through Readmit's engine (timed), then the same pairs through both
    matchers."""
    from nomenklatura.matching import LogicV2, NameMatcher, ScoringConfig

    from readmit.database.core import make_engine
    from readmit.screening.engine import find, shortlist
    from readmit.screening.matching import prepare, score

    engine = make_engine(url)
    config = ScoringConfig.defaults()
    outcome: dict[str, list[dict[str, Any]]] = defaultdict(list)
    latencies: list[float] = []
    with Session(engine) as session:
        for query in queries[:20]:  # warm: libraries and caches load on first use
            find(session=session, state_code=STATE, query=query.query)
        LogicV2.compare(_query_ftm(queries[0]), _query_ftm(queries[0]), config)
        NameMatcher.compare(_query_ftm(queries[0]), _query_ftm(queries[0]), config)
        for query in queries:
            start = time.perf_counter()
            hits = find(session=session, state_code=STATE, query=query.query)
            latencies.append((time.perf_counter() - start) * 1000)
            target = query.entity_id
            above = [h for h in hits if h.score >= threshold]
            outcome["readmit"].append(
                {
                    "found": any(h.designated_entity_id == target and not h.path for h in above),
                    "any": bool(above),
                }
            )
            prepared = prepare(query.query)
            rows = {
                r.id: r for r in shortlist(session=session, state_code=STATE, prepared=prepared)
            }
            if target not in rows:
                extra = session.execute(
                    select(
                        EntityRow.id, EntityRow.schema, EntityRow.caption, EntityRow.properties
                    ).where(EntityRow.id == target)
                ).one()
                rows[target] = extra
            q_ftm = _query_ftm(query)
            pairs: dict[str, dict[int, float]] = {
                "readmit_pairs": {},
                "logic-v2": {},
                "name-based": {},
            }
            for entity_id, row in rows.items():
                mine = score(prepared, row.schema, row.properties or {})
                pairs["readmit_pairs"][entity_id] = mine.score if mine else 0.0
                r_ftm = _ftm(row.schema, row.properties or {})
                pairs["logic-v2"][entity_id] = LogicV2.compare(q_ftm, r_ftm, config).score
                pairs["name-based"][entity_id] = NameMatcher.compare(q_ftm, r_ftm, config).score
            for name, scored in pairs.items():
                outcome[name].append(
                    {
                        "found": scored.get(target, 0.0) >= threshold,
                        "any": any(s >= threshold for s in scored.values()),
                        "candidates": len(scored),
                    }
                )
    engine.dispose()
    return {"outcome": outcome, "latency_ms": latencies}


def figures(queries: list[Query], outcome: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Recall, false-positive rate and precision per matcher, over all and per type."""
    out: dict[str, Any] = {}
    for matcher, results in outcome.items():
        by_type: dict[str, Counter[str]] = defaultdict(Counter)
        for query, result in zip(queries, results, strict=True):
            c = by_type[f"{query.kind}:{query.type}"]
            c["n"] += 1
            c["hit"] += result["found"] if query.kind == "variant" else result["any"]
        variants = [
            r["found"] for q, r in zip(queries, results, strict=True) if q.kind == "variant"
        ]
        false = [r["any"] for q, r in zip(queries, results, strict=True) if q.kind == "lookalike"]
        found, wrong = sum(variants), sum(false)
        out[matcher] = {
            "recall": round(found / len(variants), 4) if variants else None,
            "false_positive_rate": round(wrong / len(false), 4) if false else None,
            "precision": round(found / (found + wrong), 4) if found + wrong else None,
            "by_type": {
                t: {"n": c["n"], "share": round(c["hit"] / c["n"], 4)}
                for t, c in sorted(by_type.items())
            },
        }
    return out


LABELS = {
    "readmit": "Readmit, end to end (`engine.find`)",
    "readmit_pairs": "Readmit matcher on the shared pairs",
    "logic-v2": "nomenklatura 4.17.4 logic-v2 on the shared pairs",
    "name-based": "nomenklatura 4.17.4 name-based on the shared pairs",
}


def markdown(report: dict[str, Any]) -> str:
    """The report as a page."""
    lat, build = report["latency"], report["build"]
    lines = [
        "# Screening benchmark",
        "",
        f"Run {report['started']} on {report['machine']}; command: `{report['command']}`.",
        "",
        f"List: {build['entities']:,} entities (every person and company designated; "
        f"directorships on top), {build['keys']:,} index keys; loaded in "
        f"{build['load_seconds']} s, indexed in {build['index_seconds']} s (2 processes); "
        f"SQLite file {report['database_mb']:,} MB. Queries: "
        f"{report['queries']['variant']:,} variants, {report['queries']['lookalike']:,} "
        f"look-alikes; threshold {report['threshold']}.",
        "",
        "## Latency of one screening (SQLite, one warm process)",
        "",
        f"p50 **{lat['p50_ms']} ms**, p99 **{lat['p99_ms']} ms** (targets < 50 ms, < 200 ms: "
        f"{'met' if lat['p50_ms'] < 50 and lat['p99_ms'] < 200 else 'not met'}); mean "
        f"{lat['mean_ms']} ms over {lat['n']:,} queries.",
        "",
        "## Recall and precision",
        "",
        f"Shared candidate pairs per query: {report['mean_shared_candidates']} on average.",
        "",
        "| Matcher | Recall | False-positive rate | Precision |",
        "|---|---|---|---|",
    ]
    for name, fig in report["figures"].items():
        lines.append(
            f"| {LABELS[name]} | {fig['recall']} | {fig['false_positive_rate']} | "
            f"{fig['precision']} |"
        )
    types = sorted({t for fig in report["figures"].values() for t in fig["by_type"]})
    names = list(report["figures"])
    lines += [
        "",
        "## Per query type",
        "",
        "Variants: share found; look-alikes: share with a hit (lower is better).",
        "",
        "| Type | n | " + " | ".join(names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for t in types:
        row = [report["figures"][n]["by_type"].get(t, {}) for n in names]
        lines.append(
            f"| {t} | {row[0].get('n', 0)} | "
            + " | ".join(str(r.get("share", "")) for r in row)
            + " |"
        )
    lines += ["", "## How", "", report["method"], ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1_000, help="of each kind")
    parser.add_argument("--quick", action="store_true", help="20,000 entities, 150 queries each")
    parser.add_argument("--threshold", type=float, default=0.7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database", type=Path, help="SQLite file (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="reuse --database if it exists")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.quick:
        args.entities, args.queries = min(args.entities, 20_000), min(args.queries, 150)
    work = Path(tempfile.mkdtemp(prefix="readmit-screening-"))
    path = args.database or work / "screening.db"
    url = f"sqlite:///{path}"
    started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    load_start = [round(x, 2) for x in os.getloadavg()]
    entities = make_list(args.entities, args.seed)
    if args.keep and path.exists():
        build = json.loads((path.parent / (path.name + ".json")).read_text())
    else:
        path.unlink(missing_ok=True)
        build = load(url, entities)
        (path.parent / (path.name + ".json")).write_text(json.dumps(build))
    queries = make_queries(url, STATE, entities, args.queries, args.seed)
    del entities
    ran = run(url, queries, args.threshold)
    lat = ran["latency_ms"]
    command = " ".join(["python bench/screening.py", *sys.argv[1:]])
    report = {
        "started": started,
        "command": command,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "load_average_at_start": load_start,
        "build": build,
        "database_mb": round(path.stat().st_size / 1e6),
        "threshold": args.threshold,
        "queries": dict(Counter(q.kind for q in queries)),
        "latency": {
            "p50_ms": round(statistics.median(lat), 2),
            "p99_ms": _percentile(lat, 0.99),
            "mean_ms": round(statistics.fmean(lat), 2),
            "n": len(lat),
        },
        "figures": figures(queries, ran["outcome"]),
        "mean_shared_candidates": round(
            statistics.fmean(r["candidates"] for r in ran["outcome"]["logic-v2"]), 1
        ),
        "method": __doc__.split("\n\n", 1)[1].split("\n\nFigures")[0],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "screening.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    )
    (args.results / "screening.md").write_text(markdown(report))
    print(markdown(report))
    if not args.database:
        for leftover in work.iterdir():
            leftover.unlink()
        work.rmdir()


if __name__ == "__main__":
    main()
