"""What each kind of job does, by calling the same code as the CLI and the pages: the
register loader, the identity engine's batch verification (single-machine or Spark) and the
statistics' indicators with their disclosure control. A handler reports progress through
`Progress.add`, writes its files into the job's folder and returns the job's result (counts,
and the names of the files made); a failure the starter should read is a `JobFailed`."""

import csv
import io
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from readmit.auth.models import User
from readmit.database.core import transaction
from readmit.errors import DomainError
from readmit.i18n import N_
from readmit.identity import applications_file
from readmit.identity.batch import RegisterFileError, first_line
from readmit.identity.loader import load
from readmit.identity.store import StoreError, store_path
from readmit.identity.verifying import Verified, verify_lines
from readmit.jobs import files
from readmit.jobs.models import JobKind
from readmit.jobs.queue import Ticket
from readmit.jobs.schemas import Engine
from readmit.statistics import exports
from readmit.statistics import service as statistics
from readmit.statistics.months import parse_month

SPARK_MASTER = "local[*]"
NO_STARTER = N_("The user who started this job may no longer act.")
UNEXPECTED = N_("The job stopped on an unexpected error; it has been logged.")


class JobFailed(Exception):
    """Why a job failed, in words its starter can act on."""


class Cancelled(Exception):
    """The job was cancelled, or taken back, while it ran (raised by `Progress.add`)."""


class Progress(Protocol):
    """Where a handler counts its work."""

    def add(self, n: int = 1) -> None:
        """`n` more units done (rows, lines, exports); Cancelled once the job is no longer
        this run's."""


@dataclass(frozen=True)
class Context:
    """What a run works with: READMIT_HOME, and its progress."""

    home: Path
    progress: Progress


def _upload(ticket: Ticket, home: Path) -> Path:
    found = files.upload_of(home, ticket.reference)
    if found is None:
        raise JobFailed(N_("The uploaded file is no longer there."))
    return found


def register_load(ticket: Ticket, context: Context) -> dict[str, Any]:
    """Load the extract into the state's register; bad rows become a CSV to download."""
    path = _upload(ticket, context.home)
    country, name = ticket.parameters["country"], ticket.parameters["filename"]
    try:
        report = load(
            path=path,
            country=country,
            store=store_path(context.home, country),
            progress=context.progress.add,
            workers=1,
            encoding=ticket.parameters["encoding"],
        )
    except (RegisterFileError, StoreError) as exc:
        raise JobFailed(str(exc).replace(str(path), name)) from None
    except (OSError, sqlite3.Error) as exc:
        raise JobFailed(f"the register store: {first_line(exc)}; nothing was loaded") from None
    made = []
    if report.bad:
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow([report.unit, "reason"])
        writer.writerows(report.bad)
        with files.create(context.home, ticket.reference, ticket.attempt, "bad-rows.csv") as out:
            out.write(text.getvalue().encode("utf-8"))
        made.append("bad-rows.csv")
    return {
        "loaded": report.loaded,
        "replaced": report.replaced,
        "bad": len(report.bad),
        "unit": report.unit,
        "files": made,
    }


def register_of(home: Path, country: str, engine: Engine) -> Path:
    """Where the register a verification reads lives: the engine's store, or the register
    prepared for Spark (`readmit registry load --engine spark`)."""
    if engine is Engine.spark:
        from readmit.identity.spark.layout import store_dir

        return store_dir(home, country)
    return store_path(home, country)


def _on_spark(lines: list[str], **options: Any) -> Iterator[Verified | str]:
    """Spark's `verify_lines` (imported only when asked for: it needs pyspark and Java), its
    failures in one line; a cancellation still stops it."""
    try:
        from readmit.identity.spark.verify import verify_lines as on_spark

        yield from on_spark(lines, master=SPARK_MASTER, **options)
    except (Cancelled, JobFailed):
        raise
    except Exception as exc:
        raise JobFailed(f"Spark failed: {first_line(exc)}") from None


def verify_batch(ticket: Ticket, context: Context) -> dict[str, Any]:
    """Verify every application of the file; the results, one line per input line, as
    `readmit verify` writes them."""
    path = _upload(ticket, context.home)
    country = ticket.parameters["country"]
    engine = Engine(ticket.parameters.get("engine", Engine.single.value))
    if not register_of(context.home, country, engine).exists():
        raise JobFailed(f"no register is loaded for {country}")
    numbered = applications_file.read(path)
    valid = applications_file.valid(numbered)
    context.progress.add(len(numbered) - len(valid))
    counts = {"confirm": 0, "review": 0, "no_match": 0, "invalid": 0}
    try:
        options = {"country": country, "home": context.home, "done": context.progress.add}
        results = (
            _on_spark(valid, **options)
            if engine is Engine.spark
            else verify_lines(valid, workers=1, **options)
        )
        with files.create(context.home, ticket.reference, ticket.attempt, "results.jsonl") as out:
            for number, result in applications_file.merged(numbered, results):
                if isinstance(result, Verified):
                    counts[result.recommendation] += 1
                else:
                    counts["invalid"] += 1
                line = applications_file.result_line(number, result)
                out.write(line.encode("utf-8") + b"\n")
    except StoreError as exc:
        raise JobFailed(str(exc)) from None
    except sqlite3.Error as exc:
        raise JobFailed(f"the register store: {first_line(exc)}") from None
    return {**counts, "files": ["results.jsonl"]}


def statistics_export(ticket: Ticket, context: Context) -> dict[str, Any]:
    """The indicators as the statistics page downloads them, for its starter (who must still
    read them: the same role, corridor and disclosure rules apply; the read is audited)."""
    p = ticket.parameters
    first = parse_month(p["period_from"]) if p.get("period_from") else None
    last = parse_month(p["period_to"]) if p.get("period_to") else None
    try:
        with transaction() as session:
            user = session.get(User, ticket.created_by_id)
            if user is None or not user.is_active:
                raise JobFailed(NO_STARTER)
            report = statistics.indicators(
                session=session, user=user, corridor=p.get("corridor"), first=first, last=last
            )
    except DomainError as exc:
        raise JobFailed(str(exc)) from None
    fmt = p.get("format", "csv")
    content = (
        exports.to_parquet(report=report)
        if fmt == "parquet"
        else statistics.to_csv(report=report).encode("utf-8")
    )
    chosen = f"-{p['corridor']}" if p.get("corridor") else ""
    name = f"indicators{chosen}-{report.period_from}-{report.period_to}.{fmt}"
    with files.create(context.home, ticket.reference, ticket.attempt, name) as out:
        out.write(content)
    context.progress.add(1)
    return {
        "corridors": len(report.corridors),
        "period_from": report.period_from,
        "period_to": report.period_to,
        "files": [name],
    }


HANDLERS: dict[str, Callable[[Ticket, Context], dict[str, Any]]] = {
    JobKind.register_load.value: register_load,
    JobKind.verify_batch.value: verify_batch,
    JobKind.statistics.value: statistics_export,
}
