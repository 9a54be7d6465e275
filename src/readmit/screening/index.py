"""The screening index: the search keys of each entity's names and identifiers.

`index_entities` replaces the keys of a few entities (a designation proposed, edited or
imported); `reindex` rebuilds a whole state's index in batches, on two processes when the
list is large (1,000,000 entities key in minutes, not hours). The keys themselves are
described in `screening.names`.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from readmit.designations.models import Entity
from readmit.screening.models import ScreeningKey
from readmit.screening.names import COMPANY_SCHEMATA, PERSON_SCHEMATA, entity_keys

BATCH: Final = 5_000  # entities read, keyed and written at a time
PARALLEL_FROM: Final = 50_000  # below this, a second process costs more than it saves
KEYED_SCHEMATA: Final = sorted(PERSON_SCHEMATA | COMPANY_SCHEMATA)

Row = tuple[int, str, str, dict[str, Any]]  # id, state_code, schema, properties


def _key_rows(rows: Sequence[Row]) -> list[dict[str, Any]]:
    return [
        {"state_code": state, "key": key, "entity_id": entity_id}
        for entity_id, state, schema, props in rows
        for key in sorted(entity_keys(schema, props))
    ]


def index_entities(*, session: Session, entities: Sequence[Entity]) -> None:
    """Replace the search keys of these entities (flushed, with ids) by their current ones."""
    ids = [e.id for e in entities]
    if not ids:
        return
    session.flush()
    session.execute(delete(ScreeningKey).where(ScreeningKey.entity_id.in_(ids)))
    rows = _key_rows([(e.id, e.state_code, e.schema, e.properties or {}) for e in entities])
    if rows:
        session.execute(insert(ScreeningKey), rows)


def _batches(session: Session, state_code: str) -> Iterator[list[Row]]:
    last = 0
    while True:
        found = session.execute(
            select(Entity.id, Entity.state_code, Entity.schema, Entity.properties)
            .where(
                Entity.state_code == state_code,
                Entity.schema.in_(KEYED_SCHEMATA),
                Entity.id > last,
            )
            .order_by(Entity.id)
            .limit(BATCH)
        ).all()
        if not found:
            return
        last = found[-1][0]
        yield [tuple(r) for r in found]  # type: ignore[misc]


def _write(session: Session, keyed: Iterable[list[dict[str, Any]]]) -> int:
    count = 0
    for rows in keyed:
        if rows:
            session.execute(insert(ScreeningKey), rows)
            count += len(rows)
    return count


def reindex(*, session: Session, state_code: str, workers: int = 2) -> int:
    """Rebuild the whole index of a state; returns the number of keys written."""
    session.flush()
    session.execute(delete(ScreeningKey).where(ScreeningKey.state_code == state_code))
    total = session.scalar(
        select(func.count()).select_from(Entity).where(Entity.state_code == state_code)
    )
    if workers <= 1 or (total or 0) < PARALLEL_FROM:
        return _write(session, (_key_rows(b) for b in _batches(session, state_code)))
    # Keying is pure CPU (romanisation, key lattices); the database write stays here, in
    # the caller's transaction, while the pool keys the next batches.
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        return _write(session, pool.imap(_key_rows, _batches(session, state_code)))
