"""`readmit leads`: import flight records and run the lead rules as an analyst, check a rule
file, and write synthetic flight records for a demonstration."""

import hashlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from readmit.cli import inputs
from readmit.cli.schema import upgrade_schema
from readmit.database.core import transaction
from readmit.errors import DomainError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from readmit.auth.models import User
    from readmit.leads.records import RecordsRefused

leads_app = typer.Typer(help="Leads from travel data (flight records).", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)

AsUser = Annotated[str, typer.Option("--as", help="E-mail of the analyst or supervisor who acts.")]


@leads_app.command("import")
def leads_import(
    path: Annotated[Path, typer.Argument(help="Flight records CSV, one row per passenger.")],
    email: AsUser,
) -> None:
    """Import flight records and run the rules in force, as the user named by --as. A bad row
    refuses the whole file (exit 1), each one named by its line and column."""
    from readmit.leads.records import MAX_FILE_BYTES, RecordsRefused, decode, read_records

    if problem := inputs.problem(path, max_bytes=MAX_FILE_BYTES):
        raise inputs.fail(console, problem)
    upgrade_schema()
    name = inputs.shorten(path.name)
    try:
        data = path.read_bytes()
        records = read_records(decode(data), today=date.today())
    except RecordsRefused as refused:
        _refused(name, refused)
        raise typer.Exit(1) from None
    except OSError as unreadable:
        raise inputs.fail(console, f"{name}: {inputs.one_line(unreadable)}") from None
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,}"))
    try:
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task(f"importing {name}", total=records.rows)
            with transaction() as session:
                from readmit.leads import service

                done = service.import_records(
                    session=session,
                    user=_acting(session, email),
                    records=records,
                    filename=path.name,
                    sha256=hashlib.sha256(data).hexdigest(),
                    progress=lambda n: progress.advance(task, n),
                )
                found = (done.flights, done.rows, done.leads_opened, done.leads_updated)
    except RecordsRefused as refused:
        _refused(name, refused)
        raise typer.Exit(1) from None
    except DomainError as refused:
        raise inputs.fail(console, str(refused)) from None
    inputs.say(
        console,
        f"{found[0]:,} flights ({found[1]:,} passengers) imported from {name}: "
        f"{found[2]} lead(s) opened, {found[3]} updated; no passenger row was kept",
    )


@leads_app.command("run")
def leads_run(email: AsUser) -> None:
    """Run the rules in force again over the state's flights, as the user named by --as."""
    upgrade_schema()
    try:
        with transaction() as session:
            from readmit.leads import service

            outcome = service.run(session=session, user=_acting(session, email))
            rules = (
                f"{outcome.rule_set.name} (version {outcome.rule_set.version})"
                if outcome.rule_set
                else "no rules in force"
            )
            said = (
                f"{rules}: {outcome.flights:,} flights, {outcome.opened} lead(s) opened, "
                f"{outcome.updated} updated"
            )
    except DomainError as refused:
        raise inputs.fail(console, str(refused)) from None
    inputs.say(console, said)


@leads_app.command("check")
def leads_check(path: Annotated[Path, typer.Argument(help="Lead rule YAML file.")]) -> None:
    """Check a lead rule file: each version with its region and rules, or every field that is
    wrong with its line (exit 1)."""
    from readmit.leads.schemas import RuleFileError, load_rule_file

    if problem := inputs.problem(path):
        raise inputs.fail(console, problem)
    try:
        rules = load_rule_file(path)
    except RuleFileError as refused:
        raise inputs.fail(console, str(refused)) from None
    for rule_set in rules.rule_sets:
        inputs.say(
            console,
            f"version {rule_set.version}, in force from {rule_set.in_force_from}: "
            f"{rule_set.name}; region {rule_set.region.name} "
            f"({len(rule_set.region.countries)} countries)",
        )
        for rule in rule_set.rules:
            given = rule.parameters.model_dump(exclude_none=True)
            shown = ", ".join(f"{key} {value}" for key, value in given.items())
            inputs.say(console, f"  {rule.id} ({rule.kind}; {shown}): {rule.label}")


@leads_app.command("synth")
def leads_synth(
    out: Annotated[Path, typer.Option(help="The CSV file to write.")],
    seed: Annotated[int, typer.Option(help="Random seed.")] = 7,
) -> None:
    """Write about 90 days of synthetic flight records into a hub, ending today, for a
    demonstration (one facilitating charter operator among them)."""
    from readmit.synth.flights import demo_scenario, to_csv

    if problem := inputs.output_problem(out):
        raise inputs.fail(console, problem)
    scenario = demo_scenario(today=date.today(), seed=seed)
    out.write_text(to_csv(scenario.plans, seed=seed), encoding="utf-8")
    inputs.say(console, f"{len(scenario.plans):,} flights written to {inputs.shorten(str(out))}")


def _acting(session: "Session", email: str) -> "User":
    """The user named by --as; NotFound or Forbidden (a DomainError) otherwise."""
    from readmit.auth import service as auth
    from readmit.errors import Forbidden, NotFound

    user = auth.get_by_email(session=session, email=email)
    if user is None:
        raise NotFound(f"no user {inputs.shorten(email)}")
    if not user.is_active:
        raise Forbidden(f"{user.email} is deactivated")
    return user


def _refused(name: str, refused: "RecordsRefused") -> None:
    inputs.error(console, f"{name}: refused, nothing was imported")
    for problem in refused.problems:
        inputs.say(console, f"  {problem.text()}")
    if refused.more:
        inputs.say(console, f"  and {refused.more} more bad row(s)")
