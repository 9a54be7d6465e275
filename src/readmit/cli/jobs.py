"""`readmit jobs work`: worker processes for the background jobs started from the web app."""

from typing import Annotated

import typer
from rich.console import Console

from readmit.cli.schema import upgrade_schema

jobs_app = typer.Typer(help="Background jobs started from the web app.", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)


@jobs_app.command("work")
def jobs_work(
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Claim and run queued jobs until stopped (SIGTERM or Ctrl-C: a running job is given
    back to the queue). `readmit serve` runs READMIT_JOB_WORKERS of these itself."""
    from readmit.jobs.worker import run_workers

    upgrade_schema()
    console.print(f"{workers} job worker(s) waiting for jobs; stop with Ctrl-C")
    run_workers(workers)
