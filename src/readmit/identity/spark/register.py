"""Prepare a register extract on Spark: rows read in parallel, checked and keyed by the
single-machine loader's own functions (same rules, same messages), and written as the
partitioned Parquet tables of `layout`.

A preparation always builds the whole register anew from the extract, then takes the old
one's place in one rename. Row ids are the rows' numbers in the file (CSV lines, Parquet rows
from 1): ascending in file order, as the single-machine store's, so that both engines score
candidates in the same order."""

import csv
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from readmit.identity import batch
from readmit.identity.batch import COLUMNS, BadRow, Raw, RegisterFileError
from readmit.identity.estimate import u_of
from readmit.identity.keying import checked
from readmit.identity.loader import LoadReport, repeat_message
from readmit.identity.spark import layout
from readmit.identity.spark.answers import row_terms
from readmit.identity.spark.session import DEFAULT_MASTER, start, tracked
from readmit.identity.store import INDEX_VERSION

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import Column, DataFrame, SparkSession

# The persons table's columns: the extract's, then the name and parent keys the store keeps.
STORED = (*COLUMNS, "name_keys", "parent_keys")
PREPARED = (
    "line long, problem string, fatal string, utf8 int, "
    + ", ".join(f"{c} string" for c in STORED)
    + ", keys array<string>, terms array<string>"
)
RANGE_BYTES = 32 << 20  # bytes of CSV read by one task
BLOCK = 1 << 20
Line = tuple[int, Raw | RegisterFileError, int]  # number, row (or why the file is refused), utf8


def _header(path: Path, encoding: str) -> list[str]:
    """The CSV header, read on the driver with the single-machine checks."""
    with path.open("rb") as handle:
        raw = handle.readline()
    if refusal := batch.bom_refusal(path, raw, encoding):
        raise refusal
    text = batch.decode_line(path, 1, raw.removeprefix(batch.ENCODINGS[encoding].bom), encoding)
    header = next(csv.reader([text]), [])
    batch.check_header(path, header, encoding)
    return header


def _csv_lines(
    part: Iterable[tuple[bytes, int]], path: Path, encoding: str, header: list[str]
) -> Iterator[Line]:
    """A partition's lines as rows: each line one row (a quoted value cannot span lines)."""
    csv.field_size_limit(batch.FIELD_LIMIT)
    pick = itemgetter(*(header.index(c) for c in COLUMNS))
    for raw, index in part:
        number = index + 1
        if number == 1:
            continue
        kind = batch.utf8_beyond_ascii(raw) if encoding != "utf-8" else 0
        try:
            text = batch.decode_line(path, number, raw.rstrip(b"\r"), encoding)
            rows = list(csv.reader([text], strict=True))
        except RegisterFileError as exc:
            yield number, exc, kind
            continue
        except csv.Error as exc:
            problem = f"{path}: line {number}: not valid CSV ({exc}); nothing was loaded"
            yield number, RegisterFileError(problem), kind
            continue
        if not rows or not rows[0]:
            continue  # a blank line holds no row
        if len(rows[0]) != len(header):
            yield number, BadRow(f"expected {len(header)} columns, found {len(rows[0])}"), kind
            continue
        yield number, pick(rows[0]), kind


def _prepared(lines: Iterable[Line], country: str) -> Iterator[tuple[object, ...]]:
    """Rows of the PREPARED schema: each line checked and keyed (or why the file is refused)."""
    empty = (None,) * len(STORED)
    usable: list[tuple[int, Raw]] = []
    kinds: dict[int, int] = {}
    for number, raw, kind in lines:
        kinds[number] = kind
        if isinstance(raw, RegisterFileError):
            yield (number, None, str(raw), kind, *empty, None, None)
        else:
            usable.append((number, raw))
    for number, problem, prepared in checked(country, usable):
        if prepared is None:
            yield (number, problem or "unusable", None, kinds[number], *empty, None, None)
            continue
        values, keys = prepared
        terms = row_terms(str(values[12]))
        yield (number, None, None, kinds[number], *values, keys, terms)


def _rows(spark: "SparkSession", path: Path, encoding: str) -> "tuple[RDD[Line], str]":
    """The extract's rows, numbered, and what the numbers count."""
    if batch.is_parquet(path):
        batch.parquet_file(path)  # refuses a file without the columns, on the driver
        frame = spark.read.parquet(str(path)).select(*COLUMNS)
        return frame.rdd.zipWithIndex().map(
            lambda pair: (
                pair[1] + 1,
                {c: batch.text_of(v) for c, v in pair[0].asDict().items()},
                0,
            )
        ), "row"
    header = _header(path, encoding)
    return _lines(spark, path).mapPartitions(
        lambda part: _csv_lines(part, path, encoding, header)
    ), "line"


def _ranges(path: Path, parts: int) -> list[tuple[int, int]]:
    """Byte ranges of the file, each starting at the start of a line."""
    size = path.stat().st_size
    starts = [0]
    with path.open("rb") as handle:
        for part in range(1, parts):
            handle.seek(max(size * part // parts - 1, starts[-1]))
            handle.readline()
            starts.append(max(handle.tell(), starts[-1]))
    ends = [*starts[1:], size]
    return [(a, b) for a, b in zip(starts, ends, strict=True) if b > a]


def _count(path: Path, start: int, end: int) -> int:
    """Lines starting within a byte range (that starts at a line's start)."""
    lines, at, last = 0, start, b"\n"
    with path.open("rb") as handle:
        handle.seek(start)
        while at < end:
            block = handle.read(min(BLOCK, end - at))
            lines += block.count(b"\n")
            at += len(block)
            last = block[-1:]
    return lines + (last != b"\n")


def _read(path: Path, start: int, end: int, first: int) -> Iterator[tuple[bytes, int]]:
    """The lines of a byte range as bytes without their line end, numbered from `first` - 1."""
    with path.open("rb") as handle:
        handle.seek(start)
        index = first - 1
        while handle.tell() < end and (raw := handle.readline()):
            yield raw.removesuffix(b"\n"), index
            index += 1


def _lines(spark: "SparkSession", path: Path) -> "RDD[tuple[bytes, int]]":
    """The file's lines as bytes, numbered from 0, read in parallel by byte ranges. Bytes,
    not text: Spark's text reader would replace bytes that are not UTF-8, and each line must
    be decoded (and refused) as the single-machine reader decodes it. Every executor reads
    the file at the same path (local mode, or a mount shared by the cluster)."""
    context = spark.sparkContext
    parts = max(context.defaultParallelism, -(-path.stat().st_size // RANGE_BYTES))
    ranges = _ranges(path, parts)
    counts = context.parallelize(ranges, len(ranges) or 1).map(lambda r: _count(path, *r)).collect()
    firsts = [1 + sum(counts[:i]) for i in range(len(ranges))]
    jobs = [(a, b, n) for (a, b), n in zip(ranges, firsts, strict=True)]
    return context.parallelize(jobs, len(jobs) or 1).flatMap(lambda job: _read(path, *job))


def _refusal(prepared: "DataFrame", path: Path, encoding: str) -> RegisterFileError | None:
    """Why the file as a whole is refused (the first such line), or None."""
    from pyspark.sql import functions as F

    fatal = prepared.filter(F.col("fatal").isNotNull()).orderBy("line").select("fatal").first()
    if fatal is not None:
        return RegisterFileError(fatal[0])
    if encoding == "utf-8":
        return None
    kinds = prepared.agg(
        F.min("utf8").alias("worst"), F.min(F.when(F.col("utf8") == 1, F.col("line"))).alias("at")
    ).first()
    if kinds is not None and kinds["worst"] is not None and kinds["worst"] >= 0 and kinds["at"]:
        return batch.utf8_refusal(path, int(kinds["at"]), encoding)
    return None


def _u(persons: "DataFrame", country: str) -> dict[str, dict[str, float]]:
    """u of dates, sex and places from the persons' counts, as the single-machine load."""
    from pyspark.sql import functions as F

    def counts(column: str, where: "Column") -> dict[str, int]:
        rows = persons.filter(where).groupBy(column).count().collect()
        return {str(r[0]): int(r[1]) for r in rows}

    dates = Counter(
        {
            date.fromisoformat(k): v
            for k, v in counts("birth_date", F.col("birth_date").isNotNull()).items()
        }
    )
    sexes = Counter(counts("sex", F.col("sex").isin("M", "F")))
    places = Counter(counts("birth_place", F.col("birth_place").isNotNull()))
    return u_of(dates=dates, sexes=sexes, places=places, country=country)


def _write(
    frame: "DataFrame", where: str, rows: int, by: "Column", order: str | None = None
) -> None:
    """A table of about `rows` rows as Parquet, partitioned into buckets of `by`'s hash, one
    file per bucket."""
    from pyspark.sql import functions as F

    count = layout.buckets(rows)
    out = frame.withColumn("bucket", F.pmod(F.xxhash64(by), F.lit(count)))
    out = out.repartition(count, "bucket")
    if order:
        out = out.sortWithinPartitions(order)
    out.write.mode("overwrite").partitionBy("bucket").parquet(where)


def load(
    *,
    path: Path,
    country: str,
    home: Path,
    master: str = DEFAULT_MASTER,
    conf: dict[str, str] | None = None,
    encoding: str = "utf-8",
    progress: Callable[[str, int, int], None] | None = None,
) -> LoadReport:
    """Prepare a register extract (CSV in `encoding`, or Parquet) on Spark, replacing the
    country's previous preparation; bad rows are reported as the single-machine load does."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    if not path.is_file():
        raise RegisterFileError(f"{path}: no such file")
    spark = start(master, conf)
    staged = layout.staging(home, country)
    try:
        with tracked(spark, progress or (lambda *_: None)):
            rows, unit = _rows(spark, path, encoding)
            prepared = spark.createDataFrame(
                rows.mapPartitions(lambda part: _prepared(part, country)), PREPARED
            ).persist(StorageLevel.MEMORY_AND_DISK)
            if refusal := _refusal(prepared, path, encoding):
                raise refusal
            good = prepared.filter(F.col("problem").isNull()).withColumn(
                "first", F.min("line").over(Window.partitionBy("person_id"))
            )
            repeats = good.filter(F.col("line") != F.col("first")).select(
                "line", "person_id", "first"
            )
            persons = good.filter(F.col("line") == F.col("first")).persist(
                StorageLevel.MEMORY_AND_DISK
            )
            report = LoadReport(unit=unit)
            report.bad = sorted(
                [(int(r[0]), str(r[1])) for r in prepared.filter(F.col("problem").isNotNull())
                 .select("line", "problem").collect()]
                + [(int(r[0]), repeat_message(r[1], int(r[2]), unit)) for r in repeats.collect()]
            )  # fmt: skip
            sizes = persons.agg(F.count("*"), F.sum(F.size("keys")), F.sum(F.size("terms")))
            report.loaded, entries, terms = (int(v or 0) for v in sizes.first() or (0, 0, 0))
            _write(
                persons.select(F.col("line").alias("rowid"), *STORED, "terms"),
                layout.table(staged, "persons"),
                report.loaded,
                F.col("rowid"),
            )
            index = persons.select(F.explode("keys").alias("key"), F.col("line").alias("person"))
            _write(index, layout.table(staged, "index"), entries, F.col("key"), "key")
            _write(
                index.groupBy("key").agg(F.count("*").alias("persons")),
                layout.table(staged, "keys"),
                entries,
                F.col("key"),
            )
            _write(
                persons.select(F.explode("terms").alias("term"))
                .groupBy("term")
                .agg(F.count("*").alias("persons")),
                layout.table(staged, "terms"),
                terms,
                F.col("term"),
            )
            meta = {
                "country": country,
                "size": str(report.loaded),
                "index_version": INDEX_VERSION,
                "register_u": json.dumps(_u(persons, country), sort_keys=True),
                "source": path.name,
            }
        layout.write_meta(staged, meta)
        layout.publish(staged, home, country)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    finally:
        spark.catalog.clearCache()
    return report
