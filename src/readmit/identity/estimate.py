"""The model's parameters, estimated from the data instead of assumed.

u, the chance that two different persons agree at a level, comes from the register's own
distributions, computed when it is loaded (`register_u`): how often two register persons share
a birth date, a year, a year and month, a date a few days away or swapped, a sex, a place or
its prefecture or province. Names keep their term frequencies, looked up per name.

m, the chance of a level when the application and the register person are the same person,
depends on how foreign records are written, which no register says: it is estimated by
expectation–maximisation over the candidate pairs of the applications being verified
(`estimate_m`, Splink's approach): each pair's probability of being a match under the current
m, then m as the match-weighted share of each level, within each context (a year-only date is
judged among year-only dates). u stays fixed, as Splink keeps it, and the priors act as a few
pseudo-observations so that a level the batch never shows keeps a sensible value.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import TypeVar

import numpy as np

from readmit.identity.comparisons import IMPLIED_BY_ID, NULL
from readmit.identity.features import Comparison
from readmit.identity.gazetteer import RANK, gazetteer
from readmit.identity.model import Model, Parameters, Table, key_of
from readmit.identity.store import StoreConnection

PAIRS_PER_APPLICATION = 10
ROUNDS = 25
PRIOR_STRENGTH = 20.0  # pseudo-observations behind each comparison's prior m
MIN_APPLICATIONS = 200  # fewer say too little: the stored (or prior) m stays
MIN_M = 0.005
MAX_DAYS_OFF = 7
T = TypeVar("T")
K = TypeVar("K")


def _shares(counts: Counter[T]) -> dict[T, float]:
    total = sum(counts.values()) or 1
    return {k: v / total for k, v in counts.items()}


def _sum_by(shares: dict[T, float], key: Callable[[T], K]) -> dict[K, float]:
    out: dict[K, float] = {}
    for value, share in shares.items():
        k = key(value)
        out[k] = out.get(k, 0.0) + share
    return out


def _agreement(shares: dict[T, float]) -> float:
    """The chance two persons drawn at random share a value."""
    return sum(p * p for p in shares.values())


def date_u(dates: Counter[date]) -> Table:
    """u of the birth-date levels in each context, from the register's date distribution."""
    by_day = _shares(dates)
    years = _sum_by(by_day, lambda d: d.year)
    same_year = _agreement(years)
    apart_year = sum(s * (years.get(y - 1, 0) + years.get(y + 1, 0)) for y, s in years.items())
    same_month = _agreement(_sum_by(by_day, lambda d: (d.year, d.month)))
    near = sum(
        s * sum(by_day.get(d + timedelta(days=k), 0.0) for k in range(-MAX_DAYS_OFF, 8) if k)
        for d, s in by_day.items()
    )
    swapped = sum(
        s * by_day.get(date(d.year, d.day, d.month), 0.0)
        for d, s in by_day.items()
        if d.day <= 12 and d.day != d.month
    )
    off_year = sum(
        s * sum(by_day.get(_same_day(d, d.year + k), 0.0) for k in (-1, 1))
        for d, s in by_day.items()
    )
    floor = 1e-9
    apart_or_same = same_year + apart_year
    return {
        "birth_date/full": {
            "exact": max(_agreement(by_day), floor),
            "transposed": max(swapped, floor),
            "off_by_days": max(near, floor),
            "off_by_year": max(off_year, floor),
        },
        "birth_date/year_month": {
            "year_month": max(same_month, floor),
            "year_agrees": max(same_year - same_month, floor),
            "year_apart": max(apart_year, floor),
            "different": max(1 - apart_or_same, floor),
        },
        "birth_date/year": {
            "year_only": max(same_year, floor),
            "year_apart": max(apart_year, floor),
            "different": max(1 - apart_or_same, floor),
        },
    }


def _same_day(d: date, year: int) -> date:
    try:
        return d.replace(year=year)
    except ValueError:  # 29 February
        return d.replace(year=year, day=28)


def place_u(country: str, places: Counter[str]) -> dict[str, float]:
    """u of the birthplace levels: the chance of sharing a division, a prefecture, a province."""
    try:
        named = gazetteer(country)
    except LookupError:
        return {}
    shares = _shares(places)

    def at_rank(code: str, rank: int) -> str | None:
        for ancestor in (code, *named.ancestors(code)):
            division = named.get(ancestor)
            if division is not None and RANK[division.level] == rank:
                return ancestor
        return None

    exact = _agreement(shares)
    level2 = _agreement({k: v for k, v in _sum_by(shares, lambda c: at_rank(c, 1)).items() if k})
    level1 = _agreement({k: v for k, v in _sum_by(shares, lambda c: at_rank(c, 0)).items() if k})
    return {
        "exact": max(exact, 1e-9),
        "same_level2": max(level2 - exact, 1e-9),
        "same_level1": max(level1 - max(level2, exact), 1e-9),
        "different": max(1 - max(level1, exact), 1e-9),
    }


def register_u(connection: StoreConnection, country: str) -> Table:
    """u of the fields the register alone can say (dates, sex, places), from its persons."""
    dates: Counter[date] = Counter()
    for text, count in connection.execute(
        "SELECT birth_date, count(*) FROM persons WHERE birth_date IS NOT NULL GROUP BY 1"
    ):
        dates[date.fromisoformat(text)] = count
    sexes = Counter(
        dict(
            connection.execute(
                "SELECT sex, count(*) FROM persons WHERE sex IN ('M','F') GROUP BY 1"
            )
        )
    )
    places = Counter(
        dict(
            connection.execute(
                "SELECT birth_place, count(*) FROM persons WHERE birth_place IS NOT NULL GROUP BY 1"
            )
        )
    )
    return u_of(dates=dates, sexes=sexes, places=places, country=country)


def u_of(*, dates: Counter[date], sexes: Counter[str], places: Counter[str], country: str) -> Table:
    """u of dates, sex and places from the register's counts of each value (sexes: M and F)."""
    # Summed in value order, whatever order the counts came in: the same register gives
    # the same u to the last bit, and so the same model version, on SQLite or Spark.
    dates = Counter(dict(sorted(dates.items())))
    sexes = Counter(dict(sorted(sexes.items())))
    places = Counter(dict(sorted(places.items())))
    table: Table = date_u(dates) if dates else {}
    if sexes:
        same = _agreement(_shares(sexes))
        table["sex"] = {"exact": same, "different": max(1 - same, 1e-9)}
    if places and (place := place_u(country, places)):
        table["birth_place"] = place
    return table


def with_register_u(parameters: Parameters, u: Table) -> Parameters:
    """The parameters with u replaced where the register says it."""
    merged = {key: dict(levels) for key, levels in parameters.u.items()}
    for key, levels in u.items():
        merged.setdefault(key, {}).update(levels)
    return Parameters(parameters.m, merged, parameters.source)


def estimate_m(
    pairs: Iterable[tuple[int, Sequence[tuple[str, str, float]]]],
    model: Model,
    *,
    applications: int,
    register_size: int,
) -> Parameters:
    """m by EM over candidate pairs, each given as (application number, its (parameter key,
    level, u) entries): null and implied comparisons left out, u from `model`.

    An application matches at most one register person, or nobody: the E-step shares each
    application's probability of a match among its candidates as the engine does when it
    calibrates (each candidate's odds against "none of them"), so that the namesakes a block
    brings in do not pass for matches. The M-step takes each level's match-weighted share
    within its comparison and context, the priors counting as PRIOR_STRENGTH observations."""
    prior = model.parameters.m
    index = {(key, level): i for i, (key, level) in enumerate(
        (k, lv) for k, levels in prior.items() for lv in levels
    )}  # fmt: skip
    owners, rows, params, us = [], [], [], []
    for row, (owner, found) in enumerate(pairs):
        owners.append(owner)
        for key, level, u in found:
            if (key, level) in index:
                rows.append(row)
                params.append(index[key, level])
                us.append(u)
    if not rows or applications < MIN_APPLICATIONS:
        return model.parameters
    owner_of = np.array(owners)
    pair_of, param_of, log2_u = np.array(rows), np.array(params), np.log2(np.array(us))
    keys = [key for key, _ in index]
    key_ids = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    key_of_param = np.array([key_ids[k] for k in keys])
    m = np.array([prior[k][lv] for k, lv in index])
    prior_m = m.copy()
    pairs_total, owners_total = len(owners), int(owner_of.max()) + 1
    prior_bits = model.prior_bits(register_size)
    for _ in range(ROUNDS):
        bits = np.bincount(pair_of, np.log2(m[param_of]) - log2_u, minlength=pairs_total)
        # Odds against "nobody", scaled per application so that the largest is 1 (no overflow).
        log_odds = np.clip(prior_bits + bits, -1000, 1000)
        top = np.full(owners_total, -np.inf)
        np.maximum.at(top, owner_of, log_odds)
        scale = np.maximum(top, 0.0)[owner_of]
        odds = np.exp2(log_odds - scale)
        nobody = np.exp2(-np.maximum(top, 0.0))
        weight = odds / (nobody + np.bincount(owner_of, odds, minlength=owners_total))[owner_of]
        seen = np.bincount(param_of, weight[pair_of], minlength=len(m))
        per_key = np.bincount(key_of_param, seen, minlength=len(key_ids))
        m = (seen + PRIOR_STRENGTH * prior_m) / (per_key[key_of_param] + PRIOR_STRENGTH)
        # A level the batch's matches never show may still occur: it keeps a floor, so that
        # one disagreement never outweighs everything else (and m stays a distribution).
        m = np.maximum(m, MIN_M)
        m /= np.bincount(key_of_param, m, minlength=len(key_ids))[key_of_param]
    estimated: Table = {k: dict(v) for k, v in prior.items()}
    for (key, level), i in index.items():
        estimated[key][level] = round(float(m[i]), 6)
    source = f"m by EM over {applications} applications; u from the register"
    return Parameters(estimated, model.parameters.u, source)


def entries(
    comparisons: Iterable[Comparison],
    model: Model,
    *,
    name_count: int,
    register_size: int,
    id_agrees: bool,
) -> list[tuple[str, str, float]]:
    """A pair's (parameter key, level, u), as EM reads it: what carries weight in scoring."""
    out = []
    for c in comparisons:
        if c.field == "face" or c.level == NULL:
            continue
        if id_agrees and c.field in IMPLIED_BY_ID and c.level == "exact":
            continue
        u = model.u_of(c, name_count=name_count, register_size=register_size)
        out.append((key_of(c), c.level, u))
    return out
