"""`readmit screen`: screen a batch of people or companies, JSON lines in and out."""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from readmit.cli import inputs
from readmit.cli.schema import upgrade_schema

if TYPE_CHECKING:
    from readmit.screening.schemas import ScreeningPublic

console = Console(stderr=True, soft_wrap=True)
MAX_LINE = 64 * 1024  # bytes in one query line: a query is a few hundred


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def _screener(email: str) -> int:
    """The id of the active user who screens; exit 1 for anyone else."""
    from readmit.auth import service as auth
    from readmit.database.core import transaction
    from readmit.screening.service import SCREENERS

    with transaction() as session:
        user = auth.get_by_email(session=session, email=email)
        if user is None or not user.is_active:
            raise inputs.fail(console, f"--as {inputs.shorten(email)}: no active user")
        if not user.has_role(*SCREENERS):
            raise inputs.fail(
                console,
                f"--as {inputs.shorten(email)}: only case officers, analysts and supervisors "
                "may screen",
            )
        return user.id


def _problem(exc: Exception) -> str:
    """A refused query line as one sentence naming each field."""
    from pydantic import ValidationError

    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON ({exc.msg} at column {exc.colno})"
    if isinstance(exc, ValidationError):
        return "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors()
        )
    return str(exc)


def _screen_line(text: str, user_id: int) -> "ScreeningPublic":
    """One line's screening; ValueError (or a domain error) for a line refused."""
    from readmit.auth.models import User
    from readmit.database.core import transaction
    from readmit.screening import service
    from readmit.screening.schemas import ScreeningQuery

    parsed = json.loads(text)
    if not isinstance(parsed, dict):
        raise ValueError("not a JSON object")
    query = ScreeningQuery.model_validate(parsed)
    # One transaction a line, as an API request: a batch of thousands does not hold the
    # database's write lock for its whole run, and a refused line takes nothing with it.
    with transaction() as session:
        user = session.get(User, user_id)
        assert user is not None
        return service.screen(session=session, user=user, query=query, source="cli")


def screen(
    queries: Annotated[Path, typer.Argument(help="Queries, one JSON object a line.")],
    out: Annotated[Path, typer.Argument(help="Results file, one JSON object a line.")],
    as_email: Annotated[
        str, typer.Option("--as", help="E-mail of the case officer, analyst or supervisor.")
    ],
) -> None:
    """Screen each line's person or company against the user's state's designations. One
    result line per input line, in order, with its "line" number; an unusable line gives
    {"line": N, "error"} and the batch goes on (exit status 2 at the end)."""
    from sqlalchemy.exc import SQLAlchemyError

    from readmit.errors import DomainError

    if problem := inputs.problem(queries):
        raise inputs.fail(console, problem)
    inputs.check_outputs(console, [out], reads=[queries])
    upgrade_schema()
    user_id = _screener(as_email)
    try:
        with queries.open("rb") as handle:
            total = sum(1 for _line in handle)
    except OSError as exc:
        raise inputs.fail(console, f"{queries}: {inputs.one_line(exc)}") from None
    bad = screened = hits = 0
    try:
        with out.open("w", encoding="utf-8") as sink, _progress() as progress:
            task = progress.add_task("screening", total=total)
            for number, text, issue in inputs.lines(queries, max_bytes=MAX_LINE):
                reason = issue or ("empty line" if not text.strip() else None)
                if reason is None:
                    try:
                        result = _screen_line(text, user_id)
                    except (ValueError, DomainError) as exc:
                        reason = _problem(exc)
                if reason is not None:
                    bad += 1
                    inputs.say(console, f"line {number}: {inputs.shorten(reason)}")
                    sink.write(json.dumps({"line": number, "error": reason}) + "\n")
                else:
                    screened += 1
                    hits += sum(hit.status == "open" for hit in result.hits)
                    line = {"line": number, **result.model_dump(mode="json")}
                    sink.write(json.dumps(line, ensure_ascii=False) + "\n")
                progress.advance(task)
    except SQLAlchemyError as exc:
        reason = inputs.one_line(getattr(exc, "orig", None) or exc)
        raise inputs.fail(
            console, f"the database: {reason}; {screened:,} lines were screened before it"
        ) from None
    except OSError as exc:
        raise inputs.fail(console, f"{exc.filename or out}: {inputs.one_line(exc)}") from None
    console.print(f"screened: {screened:,}; open hits: {hits:,}; invalid lines: {bad:,} → {out}")
    if bad:
        raise typer.Exit(2)
