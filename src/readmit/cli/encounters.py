"""`readmit encounters`: import CBP's public nationwide-encounters CSV; `readmit scorecards`:
check a cooperation scorecard's rule file."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from readmit.cli import inputs
from readmit.cli.schema import upgrade_schema
from readmit.database.core import transaction

encounters_app = typer.Typer(help="Border encounters (CBP's public data).", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)
MAX_FILE = 2 * 2**30  # CBP's largest table, every year and area, is some hundreds of MB


@encounters_app.command("import")
def encounters_import(
    path: Annotated[Path, typer.Argument(help="CBP's nationwide encounters CSV.")],
    encoding: Annotated[str, typer.Option(help="Text encoding: utf-8 or latin-1.")] = "utf-8",
) -> None:
    """Import encounters; the months the file covers replace what was imported before. A bad
    line refuses the whole file (exit 1), naming the line and the column."""
    from readmit.encounters.service import FileError, import_rows, read_csv

    if problem := inputs.problem(path, max_bytes=MAX_FILE):
        raise inputs.fail(console, problem)
    if encoding.lower().replace("_", "-") not in ("utf-8", "latin-1", "iso-8859-1"):
        raise inputs.fail(console, f"--encoding {encoding}: use utf-8 or latin-1", code=2)
    upgrade_schema()
    name = inputs.shorten(path.name)
    try:
        with path.open(encoding=encoding, newline="") as handle:
            rows = list(read_csv(handle))
        columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,}"))
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task(f"importing {name}", total=len(rows))
            with transaction() as session:
                done = import_rows(
                    session=session,
                    rows=rows,
                    source=name,
                    progress=lambda n: progress.advance(task, n),
                )
    except FileError as refused:
        raise inputs.fail(console, f"{name}: {refused} (nothing was imported)") from None
    except (OSError, UnicodeDecodeError) as unreadable:
        raise inputs.fail(console, f"{name}: {inputs.one_line(unreadable)}") from None
    inputs.say(
        console,
        f"{done.rows:,} rows, {done.encounters:,} encounters over {done.months} months "
        f"imported from {name}",
    )


scorecards_app = typer.Typer(help="Cooperation scorecard rules.", no_args_is_help=True)


@scorecards_app.command("check")
def scorecards_check(
    path: Annotated[Path, typer.Argument(help="Scorecard rule YAML file.")],
) -> None:
    """Check a scorecard rule file: each version with its factors, or every field that is
    wrong with its line (exit 1)."""
    from readmit.scorecards.schemas import RuleFileError, load_rule_file

    if problem := inputs.problem(path):
        raise inputs.fail(console, problem)
    try:
        rules = load_rule_file(path)
    except RuleFileError as refused:
        raise inputs.fail(console, str(refused)) from None
    for rule_set in rules.rule_sets:
        factors = ", ".join(
            f"{key} ({factor.indicator}, weight {factor.weight:g})"
            for key, factor in rule_set.factors.items()
        )
        inputs.say(
            console,
            f"version {rule_set.version}, in force from {rule_set.in_force_from}: "
            f"{rule_set.name}; factors: {factors}",
        )
