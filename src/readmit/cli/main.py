"""`readmit`: serve, demo, database, users, agreements, deadlines and audit commands."""

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from readmit.cli import inputs
from readmit.cli.biometrics import biometrics_app
from readmit.cli.designations import designations_app
from readmit.cli.encounters import encounters_app, scorecards_app
from readmit.cli.identity import registry_app, synth_app, verify
from readmit.cli.jobs import jobs_app
from readmit.cli.leads import leads_app
from readmit.cli.pathways import pathways_app
from readmit.cli.progress import progress_app
from readmit.cli.reintegration import reintegration_app
from readmit.cli.schema import upgrade_schema
from readmit.cli.screening import screen
from readmit.cli.statistics import statistics_app
from readmit.cli.traveldocs import traveldoc_app
from readmit.config import get_settings
from readmit.database.core import get_engine, transaction

app = typer.Typer(
    help="Readmit: cooperative, verified and humane returns between states.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="Users and API tokens.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)
agreements_app = typer.Typer(help="Bilateral agreements.", no_args_is_help=True)
deadlines_app = typer.Typer(help="Deadlines and their consequences.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(agreements_app, name="agreements")
app.add_typer(deadlines_app, name="deadlines")
app.add_typer(registry_app, name="registry")
app.add_typer(synth_app, name="synth")
app.add_typer(traveldoc_app, name="traveldoc")
app.add_typer(biometrics_app, name="biometrics")
app.add_typer(encounters_app, name="encounters")
app.add_typer(scorecards_app, name="scorecards")
app.add_typer(progress_app, name="progress")
app.add_typer(leads_app, name="leads")
app.add_typer(statistics_app, name="statistics")
app.add_typer(designations_app, name="designations")
app.add_typer(pathways_app, name="pathways")
app.add_typer(reintegration_app, name="reintegration")
app.add_typer(jobs_app, name="jobs")
app.command("verify")(verify)
app.command("screen")(screen)
console = Console(stderr=True, soft_wrap=True)


def fail(message: str) -> typer.Exit:
    """Print a one-line error and return the exit to raise."""
    return inputs.fail(console, message)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the schema to the latest version."""
    upgrade_schema()
    console.print(f"schema up to date ({get_engine().url.render_as_string(hide_password=True)})")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[
        int, typer.Option(help="Worker processes (PostgreSQL only; SQLite serves from one).")
    ] = 1,
) -> None:
    """Run the web application (pages and API), with READMIT_JOB_WORKERS background job
    workers beside it."""
    from readmit.jobs import worker
    from readmit.web import serving

    upgrade_schema()
    try:
        serving.check_workers(workers)
    except serving.ServeRefused as exc:
        raise fail(str(exc)) from None
    console.print(f"Readmit at http://{host}:{port}/  (API docs at /docs)")
    with worker.started(get_settings().job_workers):
        serving.run(host=host, port=port, workers=workers)


@app.command()
def demo(
    seed_only: Annotated[
        bool, typer.Option("--seed-only", help="Seed, print, do not serve.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the demo users as JSON.")] = False,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Seed the USA→CHN and USA→GTM corridors (once), print the logins, then serve."""
    from readmit.demo.seed import is_seeded, load_users, seed

    upgrade_schema()
    users_file = get_settings().home / "demo-users.json"
    with transaction() as session:
        if is_seeded(session):
            if not users_file.exists():
                raise fail(
                    f"the database is seeded but {users_file} is missing; use a fresh READMIT_HOME"
                )
            users = load_users(users_file)
        else:
            console.print("seeding the demo (users, agreements, registers, cases)…")
            users = seed(session, users_file=users_file)
    if as_json:
        json.dump([u.__dict__ for u in users], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        table = Table(title="Demo logins (also in " + str(users_file) + ")")
        for column in ("email", "password", "role", "state"):
            table.add_column(column, no_wrap=True)
        for u in users:
            table.add_row(u.email, u.password, u.role, u.state)
        Console(width=120).print(table)
    if not seed_only:
        serve(host=host, port=port, workers=1)


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Option(help="Login e-mail.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    authority: Annotated[str, typer.Option(help="Authority short name, e.g. us-ice-ero.")],
    role: Annotated[list[str], typer.Option(help="Role; repeat for several.")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
) -> None:
    """Add a user to an authority."""
    from sqlalchemy import select

    from readmit.auth import service as auth
    from readmit.auth.models import Role
    from readmit.errors import Invalid
    from readmit.tenancy.models import Authority

    upgrade_schema()
    valid = {r.value for r in Role}
    if bad := [r for r in role if r not in valid]:
        raise fail(f"unknown role {', '.join(bad)}; choose from {', '.join(sorted(valid))}")
    with transaction() as session:
        found = session.scalars(select(Authority).where(Authority.short_name == authority)).first()
        if found is None:
            raise fail(f"no authority '{authority}'")
        if auth.get_by_email(session=session, email=email):
            raise fail(f"a user {email} exists already")
        try:
            auth.create_user(
                session=session,
                authority_id=found.id,
                email=email,
                full_name=name,
                password=password,
                roles=[Role(r) for r in role],
            )
        except Invalid as exc:
            raise fail(str(exc)) from None
    console.print(f"added {email} to {authority} as {', '.join(role)}")


@users_app.command("token")
def users_token(
    email: Annotated[str, typer.Option(help="User to issue the token for.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "cli",
) -> None:
    """Issue an API token for a user and print it once."""
    from readmit.auth import service as auth

    with transaction() as session:
        user = auth.get_by_email(session=session, email=email)
        if user is None:
            raise fail(f"no user {email}")
        token, _ = auth.issue_token(session=session, user=user, name=name)
    typer.echo(token)


@audit_app.command("verify")
def audit_verify() -> None:
    """Recompute the hash chain; exit 1 and name the first bad event if tampered."""
    from readmit.audit.service import verify_chain

    upgrade_schema()
    with transaction() as session:
        report = verify_chain(session=session)
    if not report.ok:
        raise fail(
            f"audit chain broken: {report.problem} ({report.checked} events verified before it)"
        )
    console.print(f"audit chain intact: {report.checked} events")


@app.command("check")
def check() -> None:
    """Scan the database for states the rules forbid; exit 1 naming each one."""
    from readmit.integrity.service import check as find_violations

    upgrade_schema()
    with transaction() as session:
        violations = find_violations(session=session)
    for violation in violations:
        typer.echo(str(violation))
    if violations:
        raise fail(f"{len(violations)} invariant violation(s)")
    console.print("no invariant violations")


@agreements_app.command("load")
def agreements_load(path: Annotated[Path, typer.Argument(help="Agreement YAML file.")]) -> None:
    """Put new agreements in force (the operator's set-up); an agreement already in force is
    changed only by a proposal of one party accepted by the other."""
    from readmit.agreements import service as agreements
    from readmit.agreements.schemas import AgreementFileError, load_agreement_file
    from readmit.errors import Conflict

    if problem := inputs.problem(path):
        raise fail(problem)
    upgrade_schema()
    try:
        parsed = load_agreement_file(path)
    except AgreementFileError as exc:
        raise fail(str(exc)) from None
    try:
        with transaction() as session:
            for agreement in parsed.agreements:
                agreements.establish(session=session, payload=agreement)
                console.print(
                    f"in force {agreement.requesting_state}→{agreement.requested_state}: "
                    f"{agreement.title}"
                )
    except Conflict as exc:
        raise fail(f"{exc}; nothing was loaded") from None


@deadlines_app.command("enforce")
def deadlines_enforce() -> None:
    """Apply the agreements' consequence of silence to overdue replies."""
    from readmit.applications.service import SWEEP_BATCH, enforce_deadlines

    upgrade_schema()
    references: list[str] = []
    while True:
        with transaction() as session:
            changed = enforce_deadlines(session=session, limit=SWEEP_BATCH)
            references += [a.reference for a in changed]
        if len(changed) < SWEEP_BATCH:
            break
    console.print(f"deemed accepted: {len(references)} " + " ".join(references))
