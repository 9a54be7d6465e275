"""`readmit traveldoc`: verify an emergency travel document's seal offline."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.exc import StatementError

from readmit.cli import inputs
from readmit.cli.schema import upgrade_schema
from readmit.database.core import transaction

traveldoc_app = typer.Typer(help="Emergency travel documents.", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)
MAX_MASTER_LIST = 100 * 2**20  # certificates and revocation lists of every partner


def _seal_bytes(file: Path) -> bytes:
    """The seal in a file, or exit 1 with `malformed: reason` (whatever the file holds). An
    image or PDF is decoded in a worker process, with the server's time and memory limits."""
    from readmit import uploads
    from readmit.traveldocs import barcode

    if problem := inputs.problem(file):
        raise inputs.fail(console, problem)
    size = file.stat().st_size
    if not 0 < size <= uploads.MAX_SCAN_BYTES:
        limit = uploads.MAX_SCAN_BYTES
        why = "empty" if size == 0 else f"{size:,} bytes, more than the {limit:,} accepted"
        raise inputs.fail(console, f"malformed: {file}: {why}", label="invalid")
    try:
        if file.suffix.lower() in barcode.IMAGE_SUFFIXES | {".pdf"}:
            return uploads.run(barcode.read_upload, file.read_bytes(), file.name)
        return barcode.read_file(file)
    except uploads.Refused as exc:
        raise inputs.fail(
            console, f"malformed: {inputs.shorten(str(exc))}", label="invalid"
        ) from None
    except Exception as exc:  # any decoder failure means the file holds no readable seal
        raise inputs.fail(
            console,
            f"malformed: {inputs.shorten(str(file))}: {inputs.one_line(exc)}",
            label="invalid",
        ) from None


@traveldoc_app.command("verify")
def verify(
    file: Annotated[
        Path, typer.Argument(help="A PDF, a PNG/JPEG of the barcode, or the seal in base64.")
    ],
) -> None:
    """Check the seal's signature, chain, validity and revocation; print the sealed data.
    Exit 0 when valid, else 1 with a one-line reason."""
    from readmit.traveldocs import service as traveldocs

    data = _seal_bytes(file)
    upgrade_schema()
    try:
        with transaction() as session:
            verdict = traveldocs.verify(session=session, data=data)
    except (ValueError, ArithmeticError, LookupError) as exc:  # seal bytes the parser trips on
        raise inputs.fail(console, f"malformed: {inputs.one_line(exc)}", label="invalid") from None
    for name, value in verdict.data.items():
        typer.echo(inputs.shorten(f"{name}: {value}"))
    if not verdict.valid:
        raise inputs.fail(console, inputs.shorten(verdict.reason), label="invalid")
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

    from readmit.traveldocs import trust

    states = [inputs.country(console, s, profile=False, option="--state") for s in state or []]
    inputs.check_outputs(console, [out], reads=[])
    upgrade_schema()
    with transaction() as session:
        data = trust.export(session=session, states=states or None)
    try:
        out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise inputs.fail(console, f"{out}: {inputs.one_line(exc)}") from None
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

    from readmit.traveldocs import trust

    if problem := inputs.problem(file, max_bytes=MAX_MASTER_LIST):
        raise inputs.fail(console, problem)
    try:
        data = json.loads(file.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError) as exc:
        raise inputs.fail(
            console, f"{file}: not a JSON master list ({inputs.one_line(exc)})"
        ) from None
    upgrade_schema()
    try:
        with transaction() as session:
            counts = trust.import_list(session=session, data=data)
    except StatementError as exc:  # a value the database refuses, e.g. a time without a zone
        reason = inputs.one_line(exc.orig or exc)
        raise inputs.fail(console, f"{file}: {reason}; nothing was imported") from None
    except (ValueError, TypeError) as exc:  # MasterListError and what the checks let through
        raise inputs.fail(console, f"{inputs.one_line(exc)}; nothing was imported") from None
    console.print(
        f"imported {counts['certificates']} certificates and {counts['revocations']} revocations"
    )
