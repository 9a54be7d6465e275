"""`readmit statistics rebuild`: count every case into the monthly cells afresh."""

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from readmit.cli.schema import upgrade_schema
from readmit.database.core import transaction

statistics_app = typer.Typer(help="The statistics' monthly cells.", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)


@statistics_app.command("rebuild")
def rebuild() -> None:
    """Recount every case and charter answer into the monthly cells (after a bulk load that
    went around the application, or if `readmit check` finds them out of step)."""
    from sqlalchemy import func, select

    from readmit.applications.models import Application
    from readmit.statistics.aggregates import rebuild as recount

    upgrade_schema()
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,}"))
    with transaction() as session:
        cases = session.scalar(select(func.count()).where(Application.submitted_at.is_not(None)))
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("counting cases", total=cases)
            done = recount(session=session, progress=lambda n: progress.update(task, completed=n))
    console.print(f"{done:,} cases and charter answers counted into the monthly cells")
