"""Country profiles: how names are keyed and compared on each side, per naming culture."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from readmit.identity.latin import fold, given_similarity, latin_name_keys, spelling_similarity
from readmit.identity.romanise import han_key_strings, is_han
from readmit.identity.romanise_tables import COMPOUND_SURNAMES
from readmit.identity.spanish import spanish_name_keys

NameKeys = Callable[[str, str], tuple[str, ...]]


def natural_order(keys: Iterable[str]) -> tuple[str, ...]:
    """Keys without the given|family mirror of one already kept. Application keys come in
    both orders, so register keys need only one: half the index, the same matches."""
    kept: dict[str, None] = {}
    for key in keys:
        family, _, given = key.partition("|")
        if f"{given}|{family}" not in kept:
            kept[key] = None
    return tuple(kept)


def _join(pairs: object) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"{f}|{g}" for f, g in pairs))  # type: ignore[attr-defined]


_han_keys = lru_cache(maxsize=200_000)(han_key_strings)


def _latin_keys(family: str, given: str) -> tuple[str, ...]:
    return _join(latin_name_keys(family, given))


def _chinese_record_keys(family: str, given: str) -> tuple[str, ...]:
    # A record may copy the name in Han characters (a Chinese ID card): read it as the
    # register's own names are read.
    if any(is_han(c) for c in family + given):
        return _han_keys(family, given)
    return _latin_keys(family, given)


def _spanish_keys(family: str, given: str) -> tuple[str, ...]:
    return _join(spanish_name_keys(family, given))


def _generic_keys(family: str, given: str) -> tuple[str, ...]:
    f, g = fold(family).replace(" ", ""), fold(given).replace(" ", "")
    return tuple(dict.fromkeys([f"{f}|{g}", f"{g}|{f}"]))


def _split_han(full: str) -> tuple[str, str]:
    """A Chinese full name as (family, given), recognising compound surnames."""
    full = full.strip()
    if full[:2] in COMPOUND_SURNAMES:
        return full[:2], full[2:]
    return full[:1], full[1:]


def _given_then_family(full: str) -> tuple[str, str]:
    # Latin-script registers write a parent as "Given Names Family".
    parts = full.split()
    return (parts[-1], " ".join(parts[:-1])) if parts else ("", "")


def _splits(full: str) -> list[tuple[str, str]]:
    """(family, given) readings of a foreign record's one-line name, whose order is unknown:
    "WANG Lei", "Lei Wang", "José Hugo Girón Ramos" (given names, then two surnames)."""
    if "," in full:
        family, _, given = full.partition(",")
        return [(family.strip(), given.strip())]
    parts = full.split()
    if len(parts) < 2:
        return [(full.strip(), "")]
    readings = []
    for k in range(1, len(parts)):
        head, tail = " ".join(parts[:k]), " ".join(parts[k:])
        readings += [(head, tail), (tail, head)]
    return readings


@dataclass(frozen=True)
class Profile:
    """Naming rules of one country's register and of foreign records about its nationals."""

    country: str
    register_keys: NameKeys
    application_keys: NameKeys
    split_register_full_name: Callable[[str], tuple[str, str]]
    similarity: Callable[[str, str], float]

    def register_name_keys(
        self, family: str, given: str, family_latin: str | None, given_latin: str | None
    ) -> tuple[str, ...]:
        """Every Latin rendering of a register name (native script and any Latin columns)."""
        return _register_keys(self, family, given, family_latin or "", given_latin or "")

    def parent_keys(self, full_name: str | None, *, register_side: bool) -> tuple[str, ...]:
        """Keys of a parent's full name, as written on either side."""
        if not full_name or not full_name.strip():
            return ()
        if register_side:
            return _register_parent_keys(self, full_name)
        keys: dict[str, None] = {}
        for family, given in _splits(full_name):
            keys.update(dict.fromkeys(self.application_keys(family, given)))
        return tuple(keys)


@lru_cache(maxsize=1 << 18)
def _register_keys(
    rules: Profile, family: str, given: str, family_latin: str, given_latin: str
) -> tuple[str, ...]:
    # A register load keys the same common names over and over.
    keys = list(rules.register_keys(family, given))
    if family_latin:
        keys.extend(rules.application_keys(family_latin, given_latin))
    return natural_order(keys)


@lru_cache(maxsize=1 << 18)
def _register_parent_keys(rules: Profile, full_name: str) -> tuple[str, ...]:
    # Parents' names repeat across siblings and namesakes: cached for register loads.
    return natural_order(rules.register_keys(*rules.split_register_full_name(full_name)))


def _spanish_split(full: str) -> tuple[str, str]:
    # Register full names are "given(s) paternal maternal"; the last two words are surnames.
    parts = full.split()
    if len(parts) <= 2:
        return (parts[-1], " ".join(parts[:-1])) if parts else ("", "")
    return " ".join(parts[-2:]), " ".join(parts[:-2])


def generic_profile(country: str) -> Profile:
    """Latin-script naming, for a country without rules of its own."""
    return Profile(country, _generic_keys, _generic_keys, _given_then_family, spelling_similarity)


def chinese_profile(country: str) -> Profile:
    """Han-script register names, foreign records in any romanisation."""
    return Profile(country, _han_keys, _chinese_record_keys, _split_han, given_similarity)


def spanish_profile(country: str) -> Profile:
    """Spanish naming: given names, paternal and maternal surnames."""
    return Profile(country, _spanish_keys, _spanish_keys, _spanish_split, spelling_similarity)
