"""`readmit traveldoc`: verify an emergency travel document's seal offline."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from readmit.database.core import get_engine, transaction

traveldoc_app = typer.Typer(help="Emergency travel documents.", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)


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


@traveldoc_app.command("trust-export")
def trust_export(
    out: Annotated[Path, typer.Argument(help="Master list file (JSON) to write.")],
    state: Annotated[list[str] | None, typer.Option(help="Only these states (repeatable).")] = None,
) -> None:
    """Write the master list: CSCA and document signer certificates (never keys) and
    revocations, for another deployment to import."""
    import json

    from readmit.database.migrate import upgrade
    from readmit.traveldocs import trust

    upgrade(get_engine())
    with transaction() as session:
        data = trust.export(session=session, states=[s.upper() for s in state] if state else None)
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    console.print(
        f"wrote {len(data['certificates'])} certificates and {len(data['revoked'])} revocations"
        f" to {out}"
    )


@traveldoc_app.command("trust-import")
def trust_import(
    file: Annotated[Path, typer.Argument(help="Master list file (JSON) from another deployment.")],
) -> None:
    """Import another deployment's certificates and revocations (all or nothing)."""
    import json

    from readmit.database.migrate import upgrade
    from readmit.traveldocs import trust

    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        console.print(f"[red]error:[/red] {file}: {exc}")
        raise typer.Exit(1) from None
    upgrade(get_engine())
    try:
        with transaction() as session:
            counts = trust.import_list(session=session, data=data)
    except trust.MasterListError as exc:
        console.print(f"[red]error:[/red] {exc}; nothing was imported")
        raise typer.Exit(1) from None
    console.print(
        f"imported {counts['certificates']} certificates and {counts['revocations']} revocations"
    )
