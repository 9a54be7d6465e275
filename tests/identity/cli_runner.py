"""The `readmit` CLI run in this process (typer's CliRunner) on a given READMIT_HOME and
database, for the many hostile-input cases that would each cost a process start-up."""

import traceback
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from readmit.cli.main import app
from readmit.config import get_settings
from readmit.database.core import get_engine, get_sessionmaker


@dataclass(frozen=True)
class Ran:
    """What the command did: its exit status and everything it printed."""

    code: int
    output: str

    @property
    def lines(self) -> list[str]:
        """The non-blank lines printed, stdout and stderr together."""
        return [line for line in self.output.splitlines() if line.strip()]


def _forget_settings() -> None:
    # Settings and the engine are read once per process: drop them so that this run, and the
    # tests after it, read their own environment.
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_sessionmaker.cache_clear()
    get_engine.cache_clear()
    get_settings.cache_clear()


def run_cli(home: Path, *args: str, database_url: str | None = None) -> Ran:
    """Run `readmit ARGS`; fails the test on any exception other than a clean exit."""
    env = {"READMIT_HOME": str(home), "READMIT_DATABASE_URL": database_url}
    _forget_settings()
    try:
        result = CliRunner().invoke(app, list(args), env=env)
    finally:
        _forget_settings()
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            "the command raised instead of refusing:\n"
            + "".join(traceback.format_exception(result.exception))
        )
    assert "Traceback" not in result.output
    return Ran(result.exit_code, result.output)
