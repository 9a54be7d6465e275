"""`readmit progress`: check a declaration file (its signatories and indicators)."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from readmit.cli import inputs

progress_app = typer.Typer(help="Multilateral progress reports.", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)


@progress_app.command("check")
def progress_check(
    path: Annotated[Path, typer.Argument(help="Declaration YAML file.")],
) -> None:
    """Check a declaration file: its signatories and indicators, or every field that is wrong
    with its line (exit 1)."""
    from readmit.progress.figures import available
    from readmit.progress.schemas import DeclarationFileError, load_declaration_file

    if problem := inputs.problem(path):
        raise inputs.fail(console, problem)
    try:
        declaration = load_declaration_file(path)
    except DeclarationFileError as refused:
        raise inputs.fail(console, str(refused)) from None
    example = " (illustrative example)" if declaration.illustrative else ""
    inputs.say(console, f"{declaration.name}{example}, adopted {declaration.adopted_on}")
    inputs.say(
        console,
        f"{len(declaration.signatories)} signatories: {', '.join(declaration.signatories)}",
    )
    for indicator in declaration.indicators:
        if indicator.column is None:
            source = "no data source: not yet available"
        elif not available(indicator.column):
            source = f"{indicator.column}: not computed yet, so not yet available"
        elif indicator.side is None:
            source = f"{indicator.column}, the state's own programmes"
        else:
            source = f"{indicator.column}, {indicator.side} side"
        inputs.say(console, f"{indicator.key} ({source}): {indicator.label}")
