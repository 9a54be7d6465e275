"""`readmit designations import|export`: a state's register of designations as
FollowTheMoney JSON lines, to and from OpenSanctions' tools."""

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from readmit.cli import inputs
from readmit.cli.schema import upgrade_schema
from readmit.database.core import transaction

designations_app = typer.Typer(
    help="Designations of facilitators (FollowTheMoney JSON lines).", no_args_is_help=True
)
console = Console(stderr=True, soft_wrap=True)
AsEmail = Annotated[str, typer.Option("--as", help="E-mail of the analyst or supervisor who acts.")]


def _progress(*, total: bool = True) -> Progress:
    """A progress bar; without `total`, a running count."""
    counted = "{task.completed:,}/{task.total:,}" if total else "{task.completed:,}"
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn(counted),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _count_lines(path: Path) -> int:
    """The number of lines of a file, read in large blocks."""
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            count += block.count(b"\n")
    return count


def _user_id(email: str, state: str | None) -> int:
    """The id of the active analyst or supervisor of `state` (when given); exit 1 for
    anyone else."""
    from readmit.auth import service as auth
    from readmit.designations.exchange import IMPORTERS

    with transaction() as session:
        user = auth.get_by_email(session=session, email=email)
        who = f"--as {inputs.shorten(email)}"
        if user is None or not user.is_active:
            raise inputs.fail(console, f"{who}: no active user")
        if not user.has_role(*IMPORTERS):
            raise inputs.fail(console, f"{who}: only analysts and supervisors may do this")
        if state is not None and user.state_code != state:
            raise inputs.fail(console, f"{who} acts for {user.state_code}, not {state}")
        return user.id


@designations_app.command("import")
def designations_import(
    path: Annotated[Path, typer.Argument(help="FollowTheMoney JSON lines, one entity a line.")],
    state: Annotated[str, typer.Option(help="The state whose register receives them.")],
    as_email: AsEmail,
    propose: Annotated[
        bool,
        typer.Option(help="Propose a designation for each Sanction and 'sanction' topic."),
    ] = True,
) -> None:
    """Import entities into a state's register: new ones added, those held under the same
    id updated; designations come in as proposals, never approved. A bad line refuses the
    whole file (exit 1), naming the line."""
    from readmit.auth.models import User
    from readmit.designations import exchange

    if problem := inputs.problem(path):
        raise inputs.fail(console, problem)
    code = inputs.country(console, state, profile=False, option="--state")
    upgrade_schema()
    user_id = _user_id(as_email, code)
    name = inputs.shorten(path.name)
    started = time.monotonic()
    try:
        total = _count_lines(path)
        with _progress() as progress, transaction() as session:
            checking = progress.add_task(f"checking {name}", total=total)
            writing = progress.add_task("importing", total=total)

            def advance(stage: str, count: int) -> None:
                progress.advance(checking if stage == "checking" else writing, count)

            user = session.get(User, user_id)
            assert user is not None
            counts = exchange.import_lines(
                session=session,
                user=user,
                lines=inputs.lines(path, max_bytes=exchange.MAX_LINE),
                source=name,
                propose=propose,
                progress=advance,
            )
    except exchange.LineError as refused:
        raise inputs.fail(console, f"{name}: {refused} (nothing was imported)") from None
    except OSError as unreadable:
        raise inputs.fail(console, f"{name}: {inputs.one_line(unreadable)}") from None
    skipped = ", ".join(f"{n:,} {schema}" for schema, n in counts.skipped.most_common())
    inputs.say(
        console,
        f"{counts.lines:,} lines of {name} in {time.monotonic() - started:.1f} s: "
        f"{counts.created:,} entities added, {counts.changed:,} changed, "
        f"{counts.unchanged:,} unchanged; {counts.proposals:,} designations proposed"
        + (f"; left out: {skipped}" if skipped else ""),
    )


@designations_app.command("export")
def designations_export(
    path: Annotated[Path, typer.Argument(help="Where to write the JSON lines.")],
    as_email: AsEmail,
    state: Annotated[
        str | None, typer.Option(help="Check that the user acts for this state.")
    ] = None,
) -> None:
    """Write the user's state's register as FollowTheMoney JSON lines: every entity, and a
    Sanction for each designation in force or delisted."""
    from readmit.auth.models import User
    from readmit.designations import exchange

    inputs.check_outputs(console, [path], reads=[])
    code = inputs.country(console, state, profile=False, option="--state") if state else None
    upgrade_schema()
    user_id = _user_id(as_email, code)
    try:
        with (
            _progress(total=False) as progress,
            transaction() as session,
            path.open("w", encoding="utf-8") as sink,
        ):
            task = progress.add_task(f"exporting to {inputs.shorten(path.name)}", total=None)
            user = session.get(User, user_id)
            assert user is not None
            entities, designations = exchange.export_lines(
                session=session,
                user=user,
                write=sink.write,
                progress=lambda _stage, n: progress.advance(task, n),
            )
    except OSError as exc:
        raise inputs.fail(console, f"{exc.filename or path}: {inputs.one_line(exc)}") from None
    inputs.say(console, f"{entities:,} entities and {designations:,} designations → {path}")
