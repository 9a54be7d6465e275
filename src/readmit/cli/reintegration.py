"""`readmit reintegration`: check a programme file, mark missed follow-ups, and delete cases
past their retention (folding their scores into the statistics first)."""

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from readmit.cli import inputs

reintegration_app = typer.Typer(help="Reintegration after return.", no_args_is_help=True)
provider_app = typer.Typer(help="Reintegration providers.", no_args_is_help=True)
reintegration_app.add_typer(provider_app, name="provider")
console = Console(stderr=True, soft_wrap=True)


@provider_app.command("add")
def provider_add(
    authority: Annotated[str, typer.Option(help="Short name of the authority.")],
    programme: Annotated[str, typer.Option(help="Code of the programme it runs.")],
    region: Annotated[
        list[str] | None, typer.Option(help="A region it serves (repeat for several).")
    ] = None,
) -> None:
    """Register (or update) an authority of a requested state as a reintegration provider;
    its users then need the reintegration_officer role."""
    from pydantic import ValidationError

    from readmit.cli.schema import upgrade_schema
    from readmit.database.core import transaction
    from readmit.errors import DomainError
    from readmit.reintegration import providers
    from readmit.reintegration.schemas import ProviderIn

    try:
        payload = ProviderIn(authority=authority, programme=programme, regions=region or [])
    except ValidationError as refused:
        problems = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in refused.errors())
        raise inputs.fail(console, problems) from None
    upgrade_schema()
    try:
        with transaction() as session:
            providers.add(session=session, payload=payload)
    except DomainError as refused:
        raise inputs.fail(console, str(refused)) from None
    regions = ", ".join(payload.regions) or "all regions"
    inputs.say(console, f"{authority}: provider of {programme} ({regions})")


@provider_app.command("list")
def provider_list(
    state: Annotated[str | None, typer.Option(help="Only this state's (ISO alpha-3).")] = None,
) -> None:
    """The providers, one a line: state, authority, programme, regions."""
    from readmit.cli.schema import upgrade_schema
    from readmit.database.core import transaction
    from readmit.reintegration import providers

    upgrade_schema()
    with transaction() as session:
        for provider, authority in providers.of_state(session=session, state=state):
            regions = ", ".join(provider.regions or []) or "-"
            typer.echo(
                f"{authority.state_code}\t{authority.short_name}\t{provider.programme_code}"
                f"\t{regions}"
            )


@reintegration_app.command("check")
def reintegration_check(
    path: Annotated[Path, typer.Argument(help="Programme YAML file.")],
) -> None:
    """Check a programme file: its services, schedule, indicators and weights, or every field
    that is wrong with its line (exit 1)."""
    from readmit.reintegration.programme import ProgrammeFileError, load_programme_file

    if problem := inputs.problem(path):
        raise inputs.fail(console, problem)
    try:
        found = load_programme_file(path)
    except ProgrammeFileError as refused:
        raise inputs.fail(console, str(refused)) from None
    example = " (illustrative figures)" if found.illustrative else ""
    inputs.say(console, f"{found.code}: {found.name}{example}, formula {found.version}")
    inputs.say(console, f"services: {', '.join(s.key for s in found.service_types)}")
    months = ", ".join(str(m) for m in found.follow_up.months)
    inputs.say(console, f"follow-ups at {months} months, ±{found.follow_up.window_days} days")
    for dimension in found.formula.dimensions:
        members = found.of_dimension(dimension.key)
        inputs.say(
            console,
            f"{dimension.key} (weight {dimension.weight:g}): {len(members)} indicators, "
            f"scored from {found.formula.min_answered} answers",
        )
    rule = found.retention
    inputs.say(console, f"retention: {rule.keep_months} months, then {rule.then}")


@reintegration_app.command("sweep")
def reintegration_sweep(
    today: Annotated[str | None, typer.Option(help="As of this day (YYYY-MM-DD).")] = None,
) -> None:
    """Mark missed the follow-ups whose window has closed without a survey."""
    from readmit.cli.schema import upgrade_schema
    from readmit.database.core import transaction
    from readmit.reintegration.followups import sweep_all

    day = _day(today)
    upgrade_schema()
    inputs.say(console, f"missed: {sweep_all(session_factory=transaction, today=day)}")


@reintegration_app.command("retention")
def reintegration_retention(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count, change nothing.")] = False,
    today: Annotated[str | None, typer.Option(help="As of this day (YYYY-MM-DD).")] = None,
    report: Annotated[
        Path | None, typer.Option(help="Where to write the JSON report (default: READMIT_HOME).")
    ] = None,
) -> None:
    """Delete the cases past their retention, their scores folded into the statistics first,
    in transactions of a hundred; print and write a report of counts (no case, no person)."""
    from readmit.cli.schema import upgrade_schema
    from readmit.config import get_settings
    from readmit.database.core import transaction
    from readmit.reintegration import retention

    day = _day(today)
    upgrade_schema()
    total = retention.Removed(today=day, dry_run=dry_run)
    while True:
        with transaction() as session:
            limit = None if dry_run else retention.BATCH
            batch = retention.run(session=session, today=day, dry_run=dry_run, limit=limit)
        for group, counts in batch.groups.items():
            total.add(group, counts)
        if dry_run or batch.cases < retention.BATCH:
            break
    body = json.dumps(total.report(), indent=2, sort_keys=True)
    target = report or get_settings().home / "reports" / f"reintegration-retention-{day}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body + "\n", encoding="utf-8")
    inputs.say(console, body)
    verb = "would delete" if dry_run else "deleted"
    inputs.say(console, f"{verb} {total.cases} case(s); report: {target}")


def _day(value: str | None) -> date:
    """A YYYY-MM-DD option, today (UTC) when absent; exit 2 when it is not a date."""
    from readmit.database.core import utcnow

    if value is None:
        return utcnow().date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise inputs.fail(console, f"not a date (YYYY-MM-DD): {value}", code=2) from None
