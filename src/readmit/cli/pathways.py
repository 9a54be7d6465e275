"""`readmit pathways check|load|allocate`: programme files (legal pathways) checked and stored as
versions, as an operator sets them up."""

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from readmit.cli import inputs
from readmit.cli.schema import upgrade_schema
from readmit.database.core import transaction

if TYPE_CHECKING:
    from readmit.pathways.definitions import ProgrammeFile

pathways_app = typer.Typer(
    help="Legal pathways: programme files (resettlement, parole, work, regularisation).",
    no_args_is_help=True,
)
console = Console(stderr=True, soft_wrap=True)
Files = Annotated[list[Path], typer.Argument(help="Programme YAML files.")]


def _read(path: Path) -> tuple["ProgrammeFile", str]:
    """The validated file and its digest; exit 1 with the field and line of each error."""
    from readmit.pathways import programmes
    from readmit.pathways.definitions import ProgrammeFileError, load_programme_file

    if problem := inputs.problem(path):
        raise inputs.fail(console, problem)
    try:
        return load_programme_file(path), programmes.digest(path)
    except ProgrammeFileError as exc:
        raise inputs.fail(console, str(exc)) from None


@pathways_app.command("check")
def pathways_check(paths: Files) -> None:
    """Validate programme files without storing them; exit 1 naming each error's line."""
    for path in paths:
        file, _digest = _read(path)
        console.print(f"{path}: valid ({file.code} version {file.version}, {file.state})")


@pathways_app.command("load")
def pathways_load(paths: Files) -> None:
    """Store programme files as their codes' current versions (all or none). The same file
    again changes nothing; a changed file must raise its version."""
    from readmit.errors import Conflict
    from readmit.pathways import programmes

    read = [_read(path) for path in paths]
    upgrade_schema()
    try:
        with transaction() as session:
            for file, sha256 in read:
                stored = programmes.load(session=session, user=None, file=file, sha256=sha256)
                console.print(
                    f"{stored.code} version {stored.version} ({stored.state_code}): {stored.title}"
                )
    except Conflict as exc:
        raise inputs.fail(console, f"{exc}; nothing was loaded") from None


@pathways_app.command("allocate")
def pathways_allocate(
    programme: Annotated[str, typer.Option("--programme", help="The programme's code.")],
    fiscal_year: Annotated[
        int, typer.Option("--fiscal-year", min=2000, max=2100, help="Whose places to allocate.")
    ],
    as_email: Annotated[
        str | None,
        typer.Option("--as", help="E-mail of the supervisor who acts (default: the system)."),
    ] = None,
) -> None:
    """Allocate a fiscal year's places to a programme's waitlist in priority, date and id
    order until a ceiling is full; prints what is left of each ceiling."""
    from readmit.auth import service as auth
    from readmit.errors import DomainError
    from readmit.pathways import allocation

    upgrade_schema()
    started = time.monotonic()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeElapsedColumn(),
    )
    try:
        with transaction() as session:
            user = auth.get_by_email(session=session, email=as_email) if as_email else None
            if as_email and (user is None or not user.is_active):
                raise inputs.fail(console, f"--as {inputs.shorten(as_email)}: no active user")
            waiting = allocation.count_waitlisted(
                session=session, user=user, programme_code=programme
            )
            with Progress(*columns, console=console, transient=True) as progress:
                task = progress.add_task(f"allocating {programme} FY{fiscal_year}", total=waiting)
                outcome = allocation.run(
                    session=session,
                    user=user,
                    programme_code=programme,
                    fiscal_year=fiscal_year,
                    progress=lambda n: progress.advance(task, n),
                )
    except DomainError as refused:
        raise inputs.fail(console, inputs.shorten(str(refused))) from None
    inputs.say(
        console,
        f"{outcome.programme} FY{outcome.fiscal_year}: {outcome.allocated:,} places allocated, "
        f"{outcome.waitlisted:,} still waitlisted ({time.monotonic() - started:.1f} s)",
    )
    for left in outcome.ceilings:
        inputs.say(
            console,
            f"  {left.bucket}: {left.allocated:,} of {left.capacity:,} taken, {left.left:,} left",
        )
