"""The --engine option of `registry load` and `verify`: the single-machine engine (the embedded
default) or Spark, with its master and configuration, and Spark's failures as one line."""

import enum
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from readmit.cli import inputs
from readmit.config import get_settings
from readmit.identity.loader import LoadReport
from readmit.identity.spark.session import DEFAULT_MASTER, SparkUnavailable, parse_conf
from readmit.identity.verifying import Verified


class Engine(enum.StrEnum):
    """Where the identity engine runs."""

    single = "single"
    spark = "spark"


EngineOption = Annotated[
    Engine,
    typer.Option(help="single: this machine (the default); spark: a Spark cluster or local Spark."),
]
MasterOption = Annotated[
    str, typer.Option(help="Spark master URL with --engine spark, e.g. local[4] or spark://h:7077.")
]
ConfOption = Annotated[
    list[str] | None,
    typer.Option(help="Spark setting with --engine spark, as spark.KEY=VALUE; may be repeated."),
]
__all__ = ["DEFAULT_MASTER", "Engine", "SparkFailed", "conf", "load", "verify_lines"]


class SparkFailed(RuntimeError):
    """Spark could not start or a Spark job failed; the message is one line."""


def conf(console: Console, pairs: list[str] | None) -> dict[str, str]:
    """--spark-conf options as a mapping; exit 2 naming a malformed one."""
    try:
        return parse_conf(pairs or [])
    except ValueError as exc:
        raise inputs.fail(console, inputs.shorten(str(exc)), code=2) from None


def _failure(exc: BaseException) -> SparkFailed:
    """A Spark error as one line: the JVM's first line, not its stack trace."""
    from py4j.protocol import Py4JNetworkError

    if isinstance(exc, ConnectionError | Py4JNetworkError):
        return SparkFailed(
            "Spark failed: the Spark driver stopped; it may need more memory "
            "(--spark-conf spark.driver.memory=16g, or more executors)"
        )
    text = inputs.one_line(exc).split(" at org.apache", 1)[0]
    return SparkFailed(f"Spark failed: {inputs.shorten(text)}")


def _spark_errors() -> tuple[type[BaseException], ...]:
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    # A connection to the driver refused or reset: its JVM died (most often of memory).
    return SparkUnavailable, PySparkException, Py4JError, ConnectionError


def load(
    *, path: Path, country: str, master: str, conf: dict[str, str], encoding: str
) -> LoadReport:
    """`registry load --engine spark`: the register prepared on Spark, with Spark's stages
    as the progress bar."""
    from readmit.identity.spark import register

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(f"preparing {path.name} on Spark", total=None)

        def report(stage: str, done: int, total: int) -> None:
            stage = stage.split(" at ", 1)[0][:30]
            progress.update(
                task, description=f"{stage}: {done:,}/{total:,} tasks", completed=done, total=total
            )

        try:
            return register.load(
                path=path,
                country=country,
                home=get_settings().home,
                master=master,
                conf=conf,
                encoding=encoding,
                progress=report,
            )
        except _spark_errors() as exc:
            raise _failure(exc) from None


def verify_lines(
    lines: list[str],
    *,
    country: str,
    master: str,
    conf: dict[str, str],
    done: Callable[[], None],
) -> Iterator[Verified | str]:
    """`verify --engine spark`: results in order, as the single-machine engine gives them."""
    from readmit.identity.spark import verify

    try:
        yield from verify.verify_lines(
            lines, country=country, home=get_settings().home, master=master, conf=conf, done=done
        )
    except _spark_errors() as exc:
        raise _failure(exc) from None
