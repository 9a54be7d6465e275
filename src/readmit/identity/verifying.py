"""A file of applications through the identity engine, on every core.

Each worker process takes a contiguous slice of the applications, opens its own engine over
the store (SQLite readers do not block each other) and examines its slice. Only what the
estimation needs crosses back (each candidate pair's levels and u); m is estimated over all
applications in the parent, and the workers then decide with that model and send back finished
result lines. Sending the examined candidates themselves would cost more to pickle than to
compute. The numbering of the pairs is the single-process one, so the estimate, and every
decision, does not depend on the number of workers."""

import multiprocessing
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from multiprocessing.connection import Connection, wait
from pathlib import Path

from pydantic import ValidationError

from readmit.identity.batch import first_line
from readmit.identity.engine import Engine, Examined
from readmit.identity.estimate import PAIRS_PER_APPLICATION, entries, estimate_m
from readmit.identity.model import Model
from readmit.identity.schemas import VerifyRequest
from readmit.identity.store import StoreError, StoreRegister, set_meta

TICK = 25  # applications between two progress messages of a worker
MIN_PER_WORKER = 50  # fewer are examined faster in one process than a worker starts

Pairs = list[tuple[int, list[tuple[str, str, float]]]]


@dataclass(frozen=True)
class Verified:
    """One application's result: its recommendation and its result line (JSON)."""

    recommendation: str
    line: str


def _problem(loc: tuple[int | str, ...], message: str) -> str:
    """One validation problem as `field: message`, without pydantic's "Value error, " prefix."""
    message = message.removeprefix("Value error, ")
    return f"{'.'.join(map(str, loc))}: {message}" if loc else message


def examine_line(engine: Engine, line: str) -> Examined | str:
    """One line's candidates compared, or why the line is not a valid application."""
    try:
        request = VerifyRequest.model_validate_json(line)
    except ValidationError as exc:
        return "; ".join(_problem(e["loc"], e["msg"]) for e in exc.errors())
    try:
        return engine.examine(request)
    except (sqlite3.Error, StoreError):
        raise  # the store itself: every line would fail, so the command stops
    except Exception as exc:  # one application the engine chokes on must not stop a batch
        return f"cannot verify this application ({type(exc).__name__}: {first_line(exc)})"


def pairs_of(engine: Engine, examined: Sequence[Examined]) -> Pairs:
    """The candidate pairs EM reads, numbered by application in order."""
    model = engine.model
    return [
        (
            number,
            entries(
                s.comparisons.values(),
                model,
                name_count=s.name_count,
                register_size=engine.size,
                id_agrees=s.id_agrees,
            ),
        )
        for number, e in enumerate(examined)
        for s in e.candidates[:PAIRS_PER_APPLICATION]
    ]


def estimate(engine: Engine, pairs: Pairs, applications: int) -> Model:
    """The engine's model with m estimated by EM over these pairs (the model unchanged when
    there are too few; see `estimate`)."""
    parameters = estimate_m(
        pairs, engine.model, applications=applications, register_size=engine.size
    )
    return Model(parameters)


def estimated(engine: Engine, examined: Sequence[Examined]) -> Model:
    """The engine's model with m estimated over these examined applications."""
    return estimate(engine, pairs_of(engine, examined), len(examined))


def _decided(engine: Engine, items: list[Examined | str], model: Model) -> list[Verified | str]:
    return [
        item
        if isinstance(item, str)
        else Verified(
            (result := engine.decide(item, model)).recommendation, result.model_dump_json()
        )
        for item in items
    ]


def _serve(connection: Connection, country: str, home: Path, lines: list[str]) -> None:
    """A worker: examine the slice, send its pairs, receive the model, send the results."""
    try:
        engine = Engine.for_home(home=home, country=country)
        try:
            items: list[Examined | str] = []
            for number, line in enumerate(lines, start=1):
                items.append(examine_line(engine, line))
                if number % TICK == 0:
                    connection.send(("done", TICK))
            connection.send(("done", len(lines) % TICK))
            examined = [item for item in items if isinstance(item, Examined)]
            connection.send(("pairs", (pairs_of(engine, examined), len(examined))))
            model = connection.recv()
            connection.send(("results", _decided(engine, items, model)))
        finally:
            engine.close()
    except BaseException as exc:  # the parent re-raises it: a store error stops the command
        connection.send(("error", exc))
    finally:
        connection.close()


def _slices(lines: list[str], workers: int) -> list[list[str]]:
    size, extra = divmod(len(lines), workers)
    bounds = [0]
    for index in range(workers):
        bounds.append(bounds[-1] + size + (index < extra))
    return [lines[a:b] for a, b in pairwise(bounds)]


def _receive(connection: Connection) -> tuple[str, object]:
    kind, payload = connection.recv()
    if kind == "error":
        raise payload  # type: ignore[misc]
    return kind, payload


def _in_workers(
    engine: Engine,
    lines: list[str],
    *,
    home: Path,
    workers: int,
    learn: bool,
    done: Callable[[], None],
) -> list[Verified | str]:
    """Examine and decide across worker processes (see the module's docstring)."""
    context = (
        multiprocessing.get_context("fork")
        if os.name == "posix"
        else multiprocessing.get_context("spawn")
    )
    ends: list[Connection] = []
    processes = []
    for part in _slices(lines, workers):
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve, args=(child, engine.country, home, part), daemon=True
        )
        process.start()
        child.close()
        ends.append(parent)
        processes.append(process)
    try:
        pairs: dict[int, tuple[Pairs, int]] = {}
        while len(pairs) < len(ends):
            for ready in wait([e for i, e in enumerate(ends) if i not in pairs]):
                assert isinstance(ready, Connection)
                kind, payload = _receive(ready)
                if kind == "done":
                    for _ in range(int(payload)):  # type: ignore[call-overload]
                        done()
                else:
                    pairs[ends.index(ready)] = payload  # type: ignore[assignment]
        model = engine.model
        if learn:
            numbered: Pairs = []
            count = 0
            for index in range(len(ends)):
                found, examined = pairs[index]
                numbered.extend((count + number, pair) for number, pair in found)
                count += examined
            model = estimate(engine, numbered, count)
        for end in ends:
            end.send(model)
        results: list[Verified | str] = []
        for end in ends:
            results.extend(_receive(end)[1])  # type: ignore[arg-type]
        if model.parameters is not engine.model.parameters:
            keep_model(engine, model)
        return results
    finally:
        for end in ends:
            end.close()
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


def verify_lines(
    lines: list[str],
    *,
    country: str,
    home: Path,
    workers: int,
    learn: bool = True,
    done: Callable[[], None] = lambda: None,
) -> Iterator[Verified | str]:
    """Results (or error texts) for the lines, in order. Every application is examined first
    (on `workers` cores; `done` is called after each), then, with `learn`, the model's m is
    estimated over them all and kept with the register for later single verifications; then
    each is decided."""
    engine = Engine.for_home(home=home, country=country)
    try:
        workers = min(workers, len(lines) // MIN_PER_WORKER)
        if workers > 1:
            yield from _in_workers(
                engine, lines, home=home, workers=workers, learn=learn, done=done
            )
            return
        items: list[Examined | str] = []
        for line in lines:
            items.append(examine_line(engine, line))
            done()
        model = engine.model
        if learn:
            model = estimated(engine, [item for item in items if isinstance(item, Examined)])
            if model.parameters is not engine.model.parameters:
                keep_model(engine, model)
        yield from _decided(engine, items, model)
    finally:
        engine.close()


def keep_model(engine: Engine, model: Model) -> None:
    """Record the estimated m with the register: single verifications use it from now on."""
    if isinstance(engine.register, StoreRegister):
        set_meta(engine.register.connection, {"model": model.parameters.to_json()})
