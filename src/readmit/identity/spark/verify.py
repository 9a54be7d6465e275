"""A file of applications verified on Spark against a register prepared by `register`.

Each application is examined by the single-machine engine's own code over a `Prefetched`
register, in rounds (see `answers`): a round runs every unfinished examination on the
executors, and Spark answers what they asked (term counts, index keys no more common than
their cap, persons with their terms' counts) by joins with the register's tables. Then, as on
one machine, m is estimated by EM over all examined applications (on the driver, from the few
numbers each candidate pair contributes), and each application is decided on the executors."""

import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from readmit.identity.engine import Engine, Examined, stored_model
from readmit.identity.model import Model
from readmit.identity.spark import layout
from readmit.identity.spark.answers import Answers, Prefetched, row_terms
from readmit.identity.spark.register import STORED
from readmit.identity.spark.session import DEFAULT_MASTER, start, tracked
from readmit.identity.verifying import Pairs, Verified, estimate, examine_line, pairs_of

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

# Rounds an examination may need: vocabulary, corrections, keys, corrected keys, persons.
# More means an examination that keeps asking: a defect, reported rather than looped on.
MAX_ROUNDS = 8
STATE = "number long, line string, answers binary"
ATTEMPT_COLUMNS = ("number", "line", "answers", "examined", "problem", "terms", "keys", "rows")
ATTEMPT = (
    "number long, line string, answers binary, examined binary, problem string, "
    "terms array<string>, keys array<struct<key:string,cap:int>>, rows array<long>"
)


def _engine(country: str, meta: dict[str, str], answers: Answers, model: Model) -> Engine:
    return Engine(country=country, register=Prefetched(meta, answers), model=model)


def _attempt(
    batches: Iterable["pd.DataFrame"], country: str, meta: dict[str, str]
) -> Iterator["pd.DataFrame"]:
    """Examine each application over what the register has answered so far."""
    import pandas as pd

    model = stored_model(meta)
    for frame in batches:
        out: list[tuple[object, ...]] = []
        for number, line, blob in zip(
            frame["number"], frame["line"], frame["answers"], strict=True
        ):
            answers = pickle.loads(blob) if blob is not None else Answers()
            engine = _engine(country, meta, answers, model)
            item = examine_line(engine, line)
            asked = engine.register.asked  # type: ignore[attr-defined]
            if asked:
                keys = [{"key": k, "cap": c} for k, c in sorted(asked.keys.items())]
                out.append(
                    (number, line, pickle.dumps(answers), None, None,
                     sorted(asked.terms), keys, sorted(asked.rows))
                )  # fmt: skip
            elif isinstance(item, str):
                out.append((number, line, None, None, item, [], [], []))
            else:
                out.append((number, line, None, pickle.dumps(item), None, [], [], []))
        yield pd.DataFrame(out, columns=list(ATTEMPT_COLUMNS))


def _merge(batches: Iterable["pd.DataFrame"]) -> Iterator["pd.DataFrame"]:
    """Add a round's answers to each application's: what the register's tables hold, and for
    every question they hold nothing about, that nothing (a term no one carries, a key no
    one has, a row that is not there)."""
    import pandas as pd

    for frame in batches:
        out = []
        for row in frame.itertuples(index=False):
            answers: Answers = pickle.loads(row.answers)
            if row.counts is not None:
                answers.add_counts((c["term"], int(c["persons"])) for c in row.counts)
            sized = {k["key"]: k for k in row.found} if row.found is not None else {}
            for asked in row.keys:
                k = sized.get(asked["key"])
                persons = None if k is None or k["persons"] is None else k["persons"]
                answers.add_key(asked["key"], 0 if k is None else int(k["size"]), persons)
            people = {int(p["rowid"]): p for p in row.people} if row.people is not None else {}
            for rowid in row.rows:
                p = people.get(int(rowid))
                answers.add_row(int(rowid), None if p is None else [rowid, *(p[c] for c in STORED)])
                if p is not None:
                    answers.add_counts(
                        (t, 0) for t in row_terms(p["name_keys"]) if t not in answers.counts
                    )
            answers.add_counts((t, 0) for t in row.terms if t not in answers.counts)
            out.append((row.number, row.line, pickle.dumps(answers)))
        yield pd.DataFrame(out, columns=["number", "line", "answers"])


def _answer(spark: "SparkSession", store: Path, pending: "DataFrame") -> "DataFrame":
    """The register's answers to a round's questions, merged into each application's."""
    from pyspark.sql import functions as F

    terms = spark.read.parquet(layout.table(store, "terms")).select("term", "persons")
    sizes = spark.read.parquet(layout.table(store, "keys")).select("key", "persons")
    index = spark.read.parquet(layout.table(store, "index")).select("key", "person")
    persons = spark.read.parquet(layout.table(store, "persons")).drop("bucket")

    # The questions are few beside the register's tables: each inner join sends them to every
    # executor (broadcast) and reads the table once, rather than shuffling the table; what a
    # table does not hold, `_merge` answers as nothing.
    asked_terms = pending.select("number", F.explode("terms").alias("term"))
    asked_keys = pending.select("number", F.explode("keys").alias("q")).select(
        "number", F.col("q.key").alias("key"), F.col("q.cap").alias("cap")
    )
    asked_rows = pending.select("number", F.explode("rows").alias("rowid"))

    sized = sizes.join(F.broadcast(asked_keys), "key").withColumnRenamed("persons", "size")
    usable = sized.filter(F.col("size") <= F.col("cap"))
    members = (
        index.join(F.broadcast(usable), "key")
        .groupBy("number", "key")
        .agg(F.collect_list("person").alias("persons"))
    )
    found = (
        sized.join(members, ["number", "key"], "left")
        .groupBy("number")
        .agg(F.collect_list(F.struct("key", "size", "persons")).alias("found"))
    )
    people = persons.join(F.broadcast(asked_rows), "rowid")
    # A person comes with the counts of its terms: the comparison asks for them next.
    carried = people.select("number", F.explode("terms").alias("term"))
    counts = (
        terms.join(F.broadcast(asked_terms.unionByName(carried).distinct()), "term")
        .groupBy("number")
        .agg(F.collect_list(F.struct("term", "persons")).alias("counts"))
    )
    people_lists = people.groupBy("number").agg(
        F.collect_list(F.struct("rowid", *STORED)).alias("people")
    )
    merged = (
        pending.select("number", "line", "answers", "terms", "keys", "rows")
        .join(counts, "number", "left")
        .join(found, "number", "left")
        .join(people_lists, "number", "left")
    )
    return merged.mapInPandas(_merge, STATE)


def _examined(
    spark: "SparkSession", store: Path, lines: list[str], country: str, meta: dict[str, str],
    done: Callable[[], None],
) -> "DataFrame":  # fmt: skip
    """Every application examined: (number, examined or problem)."""
    from pyspark.sql import functions as F

    state = spark.createDataFrame(
        [(n, line, None) for n, line in enumerate(lines)], STATE
    ).repartition(max(2, min(len(lines) // 200, 400)))
    finished: list[DataFrame] = []
    for _ in range(MAX_ROUNDS):
        tried = state.mapInPandas(lambda b: _attempt(b, country, meta), ATTEMPT).localCheckpoint()
        asking = (F.size("terms") + F.size("keys") + F.size("rows")) > 0
        complete = tried.filter(~asking).select("number", "examined", "problem").localCheckpoint()
        finished.append(complete)
        for _ in range(complete.count()):
            done()
        pending = tried.filter(asking)
        if pending.isEmpty():
            break
        state = _answer(spark, store, pending).localCheckpoint()
    else:
        raise RuntimeError(f"examinations still asking the register after {MAX_ROUNDS} rounds")
    result = finished[0]
    for frame in finished[1:]:
        result = result.unionByName(frame)
    return result


def _pairs(
    batches: Iterable["pd.DataFrame"], country: str, meta: dict[str, str]
) -> Iterator["pd.DataFrame"]:
    """What EM needs of each examined application (see `verifying.pairs_of`)."""
    import pandas as pd

    engine = _engine(country, meta, Answers(), stored_model(meta))
    for frame in batches:
        yield pd.DataFrame(
            [
                (n, pickle.dumps(pairs_of(engine, [pickle.loads(blob)])))
                for n, blob in zip(frame["number"], frame["examined"], strict=True)
            ],
            columns=["number", "pairs"],
        )


def _decide(
    batches: Iterable["pd.DataFrame"], country: str, meta: dict[str, str], model: Model
) -> Iterator["pd.DataFrame"]:
    """Each examined application decided by the estimated model."""
    import pandas as pd

    engine = _engine(country, meta, Answers(), model)
    for frame in batches:
        out: list[tuple[object, ...]] = []
        for number, blob, problem in zip(
            frame["number"], frame["examined"], frame["problem"], strict=True
        ):
            if blob is None:
                out.append((number, None, problem))
                continue
            examined: Examined = pickle.loads(blob)
            result = engine.decide(examined, model)
            out.append((number, result.recommendation, result.model_dump_json()))
        yield pd.DataFrame(out, columns=["number", "recommendation", "line"])


def verify_lines(
    lines: list[str],
    *,
    country: str,
    home: Path,
    master: str = DEFAULT_MASTER,
    conf: dict[str, str] | None = None,
    learn: bool = True,
    done: Callable[[], None] = lambda: None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Iterator[Verified | str]:
    """Results (or error texts) for the lines, in order, as `verifying.verify_lines` gives
    them on one machine; with `learn`, the estimated m is kept with the prepared register."""
    store = layout.store_dir(home, country)
    meta = layout.read_meta(store)
    spark = start(master, conf)
    try:
        with tracked(spark, progress or (lambda *_: None)):
            examined = _examined(spark, store, lines, country, meta, done)
            stored = stored_model(meta)
            model = _estimated(spark, examined, country, meta, stored) if learn else stored
            if model.parameters is not stored.parameters:
                layout.write_meta(store, {**meta, "model": model.parameters.to_json()})
            decided = examined.mapInPandas(
                lambda b: _decide(b, country, meta, model),
                "number long, recommendation string, line string",
            )
            results = sorted(decided.collect(), key=lambda r: int(r["number"]))
    finally:
        spark.catalog.clearCache()
    for row in results:
        yield (
            row["line"]
            if row["recommendation"] is None
            else Verified(row["recommendation"], row["line"])
        )


def _estimated(
    spark: "SparkSession", examined: "DataFrame", country: str, meta: dict[str, str], model: Model
) -> Model:
    """m estimated over every examined application, their pairs numbered in line order as
    the single-machine engine numbers them (the estimate does not depend on the cluster)."""
    from pyspark.sql import functions as F

    rows = (
        examined.filter(F.col("examined").isNotNull())
        .mapInPandas(lambda b: _pairs(b, country, meta), "number long, pairs binary")
        .collect()
    )
    numbered: Pairs = []
    ordered = sorted(rows, key=lambda r: int(r["number"]))
    for rank, row in enumerate(ordered):
        numbered.extend((rank, entry) for _, entry in pickle.loads(row["pairs"]))
    return estimate(_engine(country, meta, Answers(), model), numbered, len(ordered))
