"""Check and key register rows: the per-row half of a load, pure and run on worker processes
in chunks. Each usable row becomes the values stored for the person and the person's
candidate-index keys; loader.py writes them into the store."""

import gc
import multiprocessing
import os
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from itertools import chain, islice
from multiprocessing.pool import AsyncResult

import numpy as np
import numpy.typing as npt

from readmit.countries import CountryProfile
from readmit.countries import country as profile_of
from readmit.documents.national_ids import (
    NationalIdError,
    has_validator,
    validate_national_id,
)
from readmit.identity import segment
from readmit.identity.batch import COLUMNS, BadRow, Raw, first_line
from readmit.identity.docnums import confusion_key, normalise_number

MAX_VALUE = 1000  # characters in one column: longer is a broken export, not a name
BATCH = 5000
Prepared = tuple[tuple[object, ...], list[str]]
Outcome = tuple[int, str | None, Prepared | None]  # line, problem, prepared row
Hashed = tuple[segment.Hashes, npt.NDArray[np.int64], segment.Hashes]
Chunk = tuple[list[Outcome], Hashed | None]


def unreadable(row: dict[str, str]) -> str | None:
    """Bytes that were not UTF-8, control characters or an overlong value, in any column."""
    for column, value in row.items():
        if len(value) > MAX_VALUE:
            return f"{column} is longer than {MAX_VALUE:,} characters"
        if value.isprintable():
            continue
        for char in value:
            if "\udc80" <= char <= "\udcff":
                return f"invalid UTF-8 in {column} (byte 0x{ord(char) - 0xDC00:02x})"
            if unicodedata.category(char) in ("Cc", "Cs"):
                return f"{column} contains a control character ({char!r})"
    return None


def _script_problem(row: dict[str, str], country: str) -> str | None:
    """A name not written in the register's own script (China: Han characters)."""
    native = profile_of(country).native_script
    if native is None:
        return None
    script, allowed = native
    for column in ("family_name", "given_names", "mother_name", "father_name"):
        value = row[column]
        if value and not allowed(value):
            return f"{column} {value!r} is not written in {script}"
    return None


def check_row(row: dict[str, str], country: str) -> str | None:
    """Why a row is unusable, or None."""
    if problem := unreadable(row):
        return problem
    if not row["person_id"]:
        return "person_id is empty"
    if not row["family_name"] and not row["given_names"]:
        return "no name"
    if row["sex"] not in ("", "M", "F", "X"):
        return f"sex must be M, F or X, not {row['sex']!r}"
    if row["birth_date"]:
        try:
            date.fromisoformat(row["birth_date"])
        except ValueError:
            return f"birth_date {row['birth_date']!r} is not YYYY-MM-DD"
    digits = profile_of(country).place_digits
    place = row["birth_place"]
    if place and digits and not (place.isdigit() and len(place) == digits):
        return f"birth_place {place!r} is not a {digits}-digit division code"
    if row["national_id"] and has_validator(country):
        try:
            validate_national_id(country, row["national_id"])
        except NationalIdError as exc:
            return f"national_id: {exc}"
    return _script_problem(row, country)


@lru_cache(maxsize=1 << 18)
def _name_parts(name_keys: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """A name's keys split once: the distinct surnames, the distinct given names, and the
    initials of its usual reading ("f" + surname initial, "g" + given initial)."""
    pairs = [k.split("|", 1) for k in name_keys]
    families = tuple(dict.fromkeys(f for f, _ in pairs))
    givens = tuple(dict.fromkeys(g for _, g in pairs if g))
    initials = f"{pairs[0][0][:1]}|{pairs[0][1][:1]}" if pairs else ""
    return families, givens, initials


def blocking_keys(
    *,
    name_keys: tuple[str, ...],
    birth_date: str,
    birth_place: str,
    national_id: str,
    passports: list[str],
    parents: list[str],
    area: str | None = None,
) -> list[str]:
    """The candidate-index keys of one register person, each once."""
    keys = [f"n:{k}" for k in name_keys]
    keys += [f"pa:{k}" for k in dict.fromkeys(parents)]
    if birth_date:
        year = birth_date[:4]
        keys += [f"ny:{k}|{year}" for k in name_keys]
        families, givens, initials = _name_parts(name_keys)
        # Given name and year: finds a person whose surname the record spells beyond reach.
        keys += [f"gy:{g}|{year}" for g in givens]
        # Surname, year and area of birth: a given name written as initials or an alias.
        if area:
            keys += [f"fa:{f}|{year}|{area}" for f in families]
        keys += [f"fd:{f}|{birth_date}" for f in families]
        keys += [f"gd:{g}|{birth_date}" for g in givens]
        # Date and an initial: finds names mistyped past their first letter.
        if initials:
            family, given = initials.split("|")
            keys += [f"dl:{birth_date}|f{family}", f"dl:{birth_date}|g{given}"]
        if birth_place:
            keys.append(f"dp:{birth_date}|{birth_place}")
    if national_id:
        keys.append(f"id:{national_id}")
    keys += [f"pp:{k}" for k in dict.fromkeys(confusion_key(p) for p in passports)]
    return keys


def prepare(row: dict[str, str], land: CountryProfile) -> Prepared:
    """A checked row's stored values and its candidate-index keys."""
    rules = land.names
    name_keys = rules.register_name_keys(
        row["family_name"], row["given_names"], row["family_name_latin"], row["given_names_latin"]
    )
    mother = rules.parent_keys(row["mother_name"], register_side=True)
    father = rules.parent_keys(row["father_name"], register_side=True)
    parents = mother + father
    national_id = normalise_number(row["national_id"]) if row["national_id"] else ""
    passports = [normalise_number(p) for p in row["passport_numbers"].split(";") if p.strip()]
    values = (
        row["person_id"],
        national_id or None,
        row["family_name"],
        row["given_names"],
        row["family_name_latin"] or None,
        row["given_names_latin"] or None,
        row["sex"] or None,
        row["birth_date"] or None,
        row["birth_place"] or None,
        row["mother_name"] or None,
        row["father_name"] or None,
        ";".join(passports) or None,
        ";".join(name_keys),
        ";".join(parents),
    )
    keys = blocking_keys(
        name_keys=name_keys,
        birth_date=row["birth_date"],
        birth_place=row["birth_place"],
        national_id=national_id,
        passports=passports,
        # Only each parent's usual reading: the application side tries all of its readings.
        parents=[keys[0] for keys in (mother, father) if keys],
        area=land.area(row["birth_place"]) if land.area and row["birth_place"] else None,
    )
    return values, keys


def terms(name_keys: str) -> set[str]:
    """Frequency terms of one person's stored name keys: each reading, each surname and each
    given name (the last two are also the register's vocabulary, for spelling correction)."""
    keys = name_keys.split(";")
    families, givens, _ = _name_parts(tuple(keys))
    return {f"n:{k}" for k in keys} | {f"f:{f}" for f in families} | {f"g:{g}" for g in givens}


def _hashed(outcomes: list[Outcome]) -> Hashed:
    """A chunk's index keys and terms as hashes, with each key's position among good rows."""
    good = [prepared for _, _, prepared in outcomes if prepared is not None]
    keys = list(chain.from_iterable(row_keys for _, row_keys in good))
    lengths = np.array([len(k) for _, k in good], dtype=np.int64)
    positions = np.repeat(np.arange(len(good), dtype=np.int64), lengths)
    hashes = segment.hash_keys(keys)
    # A person's terms are its "n:" keys, which blocking_keys puts first, and its surnames.
    names = [tuple(str(values[12]).split(";")) if values[12] else () for values, _ in good]
    within = np.arange(len(keys)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    named = within < np.repeat(np.array([len(n) for n in names], dtype=np.int64), lengths)
    parts = [f"f:{f}" for n in names for f in _name_parts(n)[0]]
    parts += [f"g:{g}" for n in names for g in _name_parts(n)[1]]
    terms = np.concatenate([hashes[named], segment.hash_keys(parts)])
    # Each chunk arrives sorted: the final sort then only merges runs (a third of the time).
    order = np.argsort(hashes, kind="stable")
    return hashes[order], positions[order], terms


def checked(country: str, rows: Iterable[tuple[int, Raw]]) -> Iterator[Outcome]:
    """Each (line, row) checked and, when usable, prepared; else why not."""
    land = profile_of(country)
    for line, raw in rows:
        if isinstance(raw, BadRow):
            yield line, raw.reason, None
            continue
        row = raw if isinstance(raw, dict) else dict(zip(COLUMNS, map(str.strip, raw), strict=True))
        problem, prepared = check_row(row, country), None
        if problem is None:
            try:
                prepared = prepare(row, land)
            except Exception as exc:  # a name the keying chokes on costs its row, not the load
                problem = f"names cannot be keyed ({first_line(exc)})"
        yield line, problem, prepared


def _prepare_chunk(job: tuple[str, bool, list[tuple[int, Raw]]]) -> Chunk:
    country, bulk, chunk = job
    outcomes = list(checked(country, chunk))
    if not bulk:
        return outcomes, None
    hashed = _hashed(outcomes)
    # The keys travel as hashes only: far less to send back to the writing process.
    return [(line, problem, p and (p[0], [])) for line, problem, p in outcomes], hashed


def chunks(
    rows: Iterable[tuple[int, Raw]], country: str, workers: int, bulk: bool
) -> Iterator[Chunk]:
    """Checked and keyed chunks in file order; keying (the costly part) on `workers` cores."""
    iterator = iter(rows)
    jobs = ((country, bulk, chunk) for chunk in iter(lambda: list(islice(iterator, BATCH)), []))
    if workers <= 1:
        yield from map(_prepare_chunk, jobs)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with context.Pool(workers, initializer=gc.disable) as pool:
        # A sliding window of chunks in flight keeps the workers busy while this process
        # writes, without reading the whole file ahead as Pool.imap would.
        pending: deque[AsyncResult[Chunk]] = deque()
        for job in jobs:
            pending.append(pool.apply_async(_prepare_chunk, (job,)))
            if len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
