"""The schema upgrade each database command starts with, refused in one line."""

from rich.console import Console

from readmit.cli import inputs
from readmit.database.core import get_engine

console = Console(stderr=True, soft_wrap=True)


def upgrade_schema() -> None:
    """Create or upgrade the schema; exit 1 with the reason when the database cannot be."""
    from readmit.database.migrate import upgrade

    try:
        upgrade(get_engine())
    except Exception as exc:  # a missing folder, a locked file, a server that refuses…
        # The upgrade runs in one transaction: nothing was changed.
        reason = inputs.shorten(" ".join(str(getattr(exc, "orig", exc)).split()))
        raise inputs.fail(
            console, f"the database schema could not be upgraded (nothing was changed): {reason}"
        ) from None
