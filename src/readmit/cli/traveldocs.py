"""`readmit traveldoc`: verify an emergency travel document's seal offline."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from readmit.database.core import get_engine, transaction

traveldoc_app = typer.Typer(help="Emergency travel documents.", no_args_is_help=True)
console = Console(stderr=True)


@traveldoc_app.command("verify")
def verify(
    file: Annotated[
        Path, typer.Argument(help="A PDF, a PNG/JPEG of the barcode, or the seal in base64.")
    ],
) -> None:
    """Check the seal's signature, chain, validity and revocation; print the sealed data.
    Exit 0 when valid, else 1 with a one-line reason."""
    from readmit.database.migrate import upgrade
    from readmit.traveldocs import barcode
    from readmit.traveldocs import service as traveldocs

    try:
        data = barcode.read_file(file)
    except barcode.UnreadableSeal as exc:
        console.print(f"[red]invalid:[/red] malformed: {exc}")
        raise typer.Exit(1) from None
    upgrade(get_engine())
    with transaction() as session:
        verdict = traveldocs.verify(session=session, data=data)
    for name, value in verdict.data.items():
        typer.echo(f"{name}: {value}")
    if not verdict.valid:
        console.print(f"[red]invalid:[/red] {verdict.reason}")
        raise typer.Exit(1)
    console.print(
        "[green]valid[/green]: signature, certificate chain, dates and revocation checked"
    )
