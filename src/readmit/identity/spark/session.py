"""A Spark session for the engine's jobs, and their progress read off Spark's status tracker."""

import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"
# Shuffles of a batch are small; Spark's default of 200 partitions would mostly schedule
# empty tasks. Large registers set their own with --spark-conf spark.sql.shuffle.partitions=N.
SHUFFLE_PARTITIONS = "16"


LOG_CONFIG = Path(__file__).with_name("log4j2.properties")


def driver_memory(master: str) -> str:
    """The driver's heap: in local mode it is also the one executor, so half the machine's
    memory (4 to 16 GB); against a cluster, 4 GB (the executors hold the data)."""
    if not master.startswith("local"):
        return "4g"
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**30
    return f"{min(max(total // 2, 4), 16)}g"


class SparkUnavailable(RuntimeError):
    """Spark cannot start here (no Java, or the master cannot be reached)."""


def parse_conf(pairs: list[str]) -> dict[str, str]:
    """--spark-conf KEY=VALUE options as a mapping; ValueError naming a malformed one."""
    conf: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not key.startswith("spark."):
            raise ValueError(f"--spark-conf {pair!r} is not spark.KEY=VALUE")
        conf[key.strip()] = value.strip()
    return conf


def start(master: str = DEFAULT_MASTER, conf: dict[str, str] | None = None) -> "SparkSession":
    """A session on `master` whose Python workers run this interpreter (and so this Readmit)."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise SparkUnavailable(
            "Spark needs Java: apt-get install default-jre-headless (or set JAVA_HOME)"
        )
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no network in local mode
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master)
        .appName("readmit")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", SHUFFLE_PARTITIONS)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", driver_memory(master))
        .config("spark.sql.session.timeZone", "UTC")
        # Spark's own log lines: errors only (Readmit reports progress and outcomes itself).
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{LOG_CONFIG}")
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:
        raise SparkUnavailable(f"Spark did not start on {master}: {exc}") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@contextmanager
def tracked(spark: "SparkSession", report: Callable[[str, int, int], None]) -> Iterator[None]:
    """Call `report(stage, tasks done, tasks)` about twice a second while Spark works."""
    tracker = spark.sparkContext.statusTracker()
    stop = threading.Event()

    def poll() -> None:
        while not stop.wait(0.5):
            try:
                for stage_id in tracker.getActiveStageIds():
                    info = tracker.getStageInfo(stage_id)
                    if info is not None:
                        report(info.name, info.numCompletedTasks, info.numTasks)
            except Exception:  # the JVM is gone: the job itself reports why
                return

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
