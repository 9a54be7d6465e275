"""Keeping the monthly cells in step with the cases, in the transaction that changes them.

Every flush notes which cases (and charters) it touched; before the transaction commits (or
before a read in the same transaction), each touched source's fact row is locked, its
contribution worked out again from the database, and only the difference is added to the
cells. Locking the fact first means a concurrent change to the same case waits and then
reads this one's committed data, so no contribution is lost or counted twice; cells are
added to with one statement each (readmit.database.dialect.add_to_counts).

Bulk loads that bypass the ORM (and a database from before these tables) need
`readmit statistics rebuild`; `readmit check` compares the cells with a fresh computation.
"""

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction

from readmit.applications.models import Application, TimelineEvent
from readmit.custody.models import CustodyRecord
from readmit.database.dialect import (
    add_to_counts,
    insert_if_missing,
    lock_for_update,
    put_rows,
)
from readmit.interviews.models import Interview, InterviewDecision
from readmit.protection.models import ProtectionFlag, StatelessnessDecision, TraffickingScreening
from readmit.statistics import facts
from readmit.statistics.facts import DURATIONS, PER_YEAR, Fact
from readmit.statistics.models import StatisticsCell, StatisticsFact, StatisticsMeasure
from readmit.statistics.summing import durations
from readmit.transfers.models import CharterAcceptance, TransferCase

TOUCHED = "readmit.statistics.touched"
BY_APPLICATION = (
    TimelineEvent,
    ProtectionFlag,
    TraffickingScreening,
    StatelessnessDecision,
    Interview,
    CustodyRecord,
    TransferCase,
)
CellKey = tuple[str, str, str, str, bool, int]


def _source(instance: Any) -> tuple[str, int | None] | None:
    if isinstance(instance, Application):
        return "case", instance.id
    if isinstance(instance, BY_APPLICATION):
        return "case", instance.application_id
    if isinstance(instance, InterviewDecision):
        return "interview", instance.interview_id
    if isinstance(instance, CharterAcceptance):
        return "charter", instance.transfer_id
    return None


@event.listens_for(Session, "after_flush")
def _note(session: Session, _context: UOWTransaction) -> None:
    touched: set[tuple[str, int]] = session.info.setdefault(TOUCHED, set())
    for instance in (*session.new, *session.dirty, *session.deleted):
        source = _source(instance)
        if source is not None and source[1] is not None:
            touched.add((source[0], source[1]))


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    settle(session=session)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(TOUCHED, None)
        session.info.pop(facts.DUE, None)


def _cells(fact: Fact | StatisticsFact, contributions: Any) -> Counter[CellKey]:
    found: Counter[CellKey] = Counter()
    corridor = (fact.requesting_state, fact.requested_state)
    for month, name, value, n in contributions:
        found[(*corridor, month, name, fact.untouched, value)] += n  # type: ignore[index]
        if name in PER_YEAR:
            found[(*corridor, month[:4], PER_YEAR[name], fact.untouched, value)] += n  # type: ignore[index]
    return found


def _rows(fact: Fact) -> list[list[object]]:
    return [[*key, n] for key, n in sorted(fact.contributions.items()) if n]


def settle(*, session: Session) -> None:
    """Bring the cells up to date with what this transaction has changed so far."""
    session.flush()
    touched: set[tuple[str, int]] = session.info.pop(TOUCHED, set())
    interviews = [key for kind, key in touched if kind == "interview"]
    cases = {key for kind, key in touched if kind == "case"}
    if interviews:
        found = select(Interview.application_id).where(Interview.id.in_(interviews))
        cases.update(session.scalars(found))
    delta: Counter[CellKey] = Counter()
    delta.update(_renew(session, "case", sorted(cases)))
    delta.update(_renew(session, "charter", sorted(k for s, k in touched if s == "charter")))
    _add(session, delta)


def _renew(session: Session, kind: str, ids: list[int]) -> Counter[CellKey]:
    """Lock the sources' facts (in key order), work them out again in one batch, store
    them; the change to the cells."""
    change: Counter[CellKey] = Counter()
    if not ids:
        return change
    keys = {source_id: f"{kind}:{source_id}" for source_id in ids}
    for key in sorted(keys.values()):
        insert_if_missing(session, StatisticsFact, {"key": key, "contributions": []})
    locked = lock_for_update(
        select(StatisticsFact)
        .where(StatisticsFact.key.in_(keys.values()))
        .order_by(StatisticsFact.key),
        session,
    )
    rows = session.execute(locked.execution_options(populate_existing=True)).scalars()
    stored = {row.key: row for row in rows}
    for source_id, fact in facts.SOURCES[kind](session, ids):
        row = stored[keys[source_id]]
        if row.requesting_state is not None:
            change.subtract(_cells(row, row.contributions))
        if fact is None:
            session.delete(row)
            continue
        change.update(_cells(fact, _rows(fact)))
        row.requesting_state, row.requested_state = fact.requesting_state, fact.requested_state
        row.untouched, row.contributions = fact.untouched, _rows(fact)
        row.pending_since, row.due = fact.pending_since, fact.due
    return change


def _cell_rows(delta: Counter[CellKey]) -> list[dict[str, Any]]:
    return [
        dict(zip(_CELL_COLUMNS, key, strict=True), n=n) for key, n in sorted(delta.items()) if n
    ]


def _add(session: Session, delta: Counter[CellKey]) -> None:
    add_to_counts(session, StatisticsCell, _cell_rows(delta), "n")
    months = sorted({key[:4] for key, n in delta.items() if n and key[3] in DURATIONS})
    for requesting, requested, month, name in months:
        _remeasure(session, requesting, requested, month, name)
    session.flush()


def _measures(
    requesting: str, requested: str, month: str, name: str, histogram: dict[bool, Counter[int]]
) -> list[dict[str, Any]]:
    """A month's measure rows: over all its cases, and over those untouched by protection."""
    untouched = histogram.get(True, Counter())
    rows = []
    for scope, counted in ((False, untouched + histogram.get(False, Counter())), (True, untouched)):
        n, median, p90 = durations(counted)
        key = (requesting, requested, month, name, scope)
        rows.append(dict(zip(_MEASURE_KEY, key, strict=True), cases=n, median=median, p90=p90))
    return rows


def _all_measures(cells: Counter[CellKey]) -> list[dict[str, Any]]:
    """Every month's measure rows, from a complete set of cells."""
    histograms: dict[tuple[str, str, str, str], dict[bool, Counter[int]]] = {}
    for (a, b, month, name, untouched, value), n in cells.items():
        if name in DURATIONS and n:
            found = histograms.setdefault((a, b, month, name), {})
            found.setdefault(untouched, Counter())[value] += n
    return [row for key, found in sorted(histograms.items()) for row in _measures(*key, found)]


def _remeasure(session: Session, requesting: str, requested: str, month: str, name: str) -> None:
    """Work out a month's median and 90th percentile again from its histogram. The measure
    rows are locked first, so a concurrent writer of the same month waits, then reads this
    one's committed cells."""
    kept, cell = StatisticsMeasure, StatisticsCell
    for row in _measures(requesting, requested, month, name, {}):
        insert_if_missing(session, kept, row)
    where = (
        kept.requesting_state == requesting,
        kept.requested_state == requested,
        kept.month == month,
        kept.name == name,
    )
    session.execute(lock_for_update(select(kept.cases).where(*where), session)).all()
    histogram: dict[bool, Counter[int]] = {}
    for untouched, value, n in session.execute(
        select(cell.untouched, cell.value, cell.n).where(
            cell.requesting_state == requesting,
            cell.requested_state == requested,
            cell.month == month,
            cell.name == name,
        )
    ):
        histogram.setdefault(untouched, Counter())[value] += n
    put_rows(session, kept, _measures(requesting, requested, month, name, histogram))


_CELL_COLUMNS = ("requesting_state", "requested_state", "month", "name", "untouched", "value")
_MEASURE_KEY = ("requesting_state", "requested_state", "month", "name", "untouched")


def compute(session: Session) -> Iterator[tuple[str, Fact | None]]:
    """Every source's fact, worked out from the case data."""
    for kind, ids in facts.all_keys(session):
        for source_id, fact in facts.SOURCES[kind](session, ids):
            yield f"{kind}:{source_id}", fact


def rebuild(*, session: Session, progress: Callable[[int], None] | None = None) -> int:
    """Replace every fact and cell with a fresh computation; the number of sources."""
    session.execute(delete(StatisticsCell))
    session.execute(delete(StatisticsFact))
    session.execute(delete(StatisticsMeasure))
    cells: Counter[CellKey] = Counter()
    batch: list[dict[str, Any]] = []
    count = 0
    for key, fact in compute(session):
        if fact is None:
            continue
        rows = _rows(fact)
        cells.update(_cells(fact, rows))
        batch.append(
            {
                "key": key,
                "requesting_state": fact.requesting_state,
                "requested_state": fact.requested_state,
                "untouched": fact.untouched,
                "pending_since": fact.pending_since,
                "due": fact.due,
                "contributions": rows,
            }
        )
        count += 1
        if len(batch) == 5000:
            session.execute(insert(StatisticsFact), batch)
            batch = []
            if progress is not None:
                progress(count)
    if batch:
        session.execute(insert(StatisticsFact), batch)
    add_to_counts(session, StatisticsCell, _cell_rows(cells), "n")
    put_rows(session, StatisticsMeasure, _all_measures(cells))
    if progress is not None:
        progress(count)
    return count


def differences(*, session: Session) -> list[str]:
    """Cells that differ from a fresh computation, described; empty when all agree."""
    settle(session=session)
    expected: Counter[CellKey] = Counter()
    for _key, fact in compute(session):
        if fact is not None:
            expected.update(_cells(fact, _rows(fact)))
    stored: Counter[CellKey] = Counter()
    for row in session.execute(select(StatisticsCell)).scalars():
        key = (
            row.requesting_state,
            row.requested_state,
            row.month,
            row.name,
            row.untouched,
            row.value,
        )
        stored[key] = row.n
    wrong = sorted(k for k in expected.keys() | stored.keys() if expected[k] != stored[k])
    kept = {
        tuple(row[c] for c in _MEASURE_KEY): row
        for row in map(dict, session.execute(select(*StatisticsMeasure.__table__.c)).mappings())
        if row["cases"]
    }
    fresh = {tuple(row[c] for c in _MEASURE_KEY): row for row in _all_measures(expected)}
    measures = [
        f"{key[0]}-{key[1]} {key[2]} {key[3]} ({'untouched' if key[4] else 'all'}): kept "
        f"{kept.get(key)}, from the cases {fresh.get(key)}"
        for key in sorted(kept.keys() | {k for k, row in fresh.items() if row["cases"]})
        if kept.get(key) != fresh.get(key)
    ]
    return measures + [
        f"{a}-{b} {month} {name} ({'all' if not untouched else 'untouched'}, {value}): "
        f"{stored[(a, b, month, name, untouched, value)]} stored, "
        f"{expected[(a, b, month, name, untouched, value)]} from the cases"
        for a, b, month, name, untouched, value in wrong
    ]
