"""Spanish names (Guatemala): register names against application names, both keyed alike."""

from __future__ import annotations

import pytest

from readmit.identity.spanish import spanish_name_keys, surname_parts

MATCH, NO_MATCH = True, False
JOSE = ("García López", "José Luis")
MARIA = ("Pérez de Gómez", "María de los Ángeles")

CASES = [
    # (case id, register (family, given), application family, application given, match)
    ("exact, accents dropped", JOSE, "GARCIA LOPEZ", "JOSE LUIS", MATCH),
    ("paternal surname only", JOSE, "GARCIA", "JOSE LUIS", MATCH),
    ("both surnames, first given name", JOSE, "GARCIA LOPEZ", "JOSE", MATCH),
    ("paternal only, first given only", JOSE, "Garcia", "Jose", MATCH),
    ("whole name in one field, surnames first", JOSE, "GARCIA LOPEZ JOSE", "", MATCH),
    ("whole name in one field, natural order", JOSE, "JOSE LUIS GARCIA LOPEZ", "", MATCH),
    ("fields swapped", JOSE, "JOSE LUIS", "GARCIA LOPEZ", MATCH),
    ("surnames in the other order (single-surname keys)", JOSE, "LOPEZ GARCIA", "JOSE", MATCH),
    ("maternal surname only (weakest key)", JOSE, "LOPEZ", "JOSE", MATCH),
    ("different paternal and maternal", JOSE, "HERNANDEZ PEREZ", "JOSE LUIS", NO_MATCH),
    ("different given name", JOSE, "GARCIA LOPEZ", "JUAN CARLOS", NO_MATCH),
    ("second given name alone is not keyed", JOSE, "GARCIA LOPEZ", "LUIS", NO_MATCH),
    ("married woman, maiden paternal + first given", MARIA, "PEREZ", "MARIA", MATCH),
    ("married woman, full given with particles", MARIA, "PEREZ", "MARIA DE LOS ANGELES", MATCH),
    ("married woman, given without particles", MARIA, "PEREZ GOMEZ", "MARIA ANGELES", MATCH),
    ("married woman known by husband's surname", MARIA, "GOMEZ", "MARIA", MATCH),
    ("married woman, 'de' kept", MARIA, "PEREZ DE GOMEZ", "MARIA", MATCH),
    ("married woman vs another Maria", MARIA, "LOPEZ", "MARIA", NO_MATCH),
    ("widow, vda. de", ("Pérez vda. de Gómez", "María"), "PEREZ", "MARIA", MATCH),
    (
        "widow, viuda de: husband's surname",
        ("Pérez viuda de Gómez", "María"),
        "GOMEZ",
        "MARIA",
        MATCH,
    ),
    ("surname with particle written without it", ("de León Ortiz", "Ana"), "LEON", "ANA", MATCH),
    ("surname with particle joined", ("de León Ortiz", "Ana"), "DELEON", "ANA", MATCH),
    ("de la Cruz joined", ("de la Cruz", "Pedro"), "DELACRUZ", "PEDRO", MATCH),
    (
        "García de León: surname or married name",
        ("García de León", "Rosa"),
        "GARCIA LEON",
        "ROSA",
        MATCH,
    ),
    ("Ma. abbreviation", ("Pérez", "María Luisa"), "PEREZ", "MA. LUISA", MATCH),
    ("y between surnames", ("Ortega y Gasset", "José"), "ORTEGA GASSET", "JOSE", MATCH),
]


def _match(register: tuple[str, str], af: str, ag: str) -> bool:
    return bool(set(spanish_name_keys(*register)) & set(spanish_name_keys(af, ag)))


@pytest.mark.parametrize(
    ("register", "af", "ag", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_spanish_register_against_application(
    register: tuple[str, str], af: str, ag: str, expected: bool
) -> None:
    assert _match(register, af, ag) is expected


def test_keys_most_specific_first() -> None:
    keys = spanish_name_keys(*JOSE)
    assert keys[0] == ("garcialopez", "joseluis")
    assert keys.index(("garcia", "jose")) < keys.index(("lopez", "jose"))
    assert ("joseluis", "garcialopez") in keys  # both orders
    assert all(" " not in f and " " not in g for f, g in keys)


@pytest.mark.parametrize(
    ("family", "parts"),
    [
        ("García López", ("garcia", "lopez")),
        ("Pérez viuda de Gómez", ("perez", "gomez")),
        ("Pérez Vda. de Gómez", ("perez", "gomez")),
        ("de la Cruz Ortiz", ("cruz", "ortiz")),
        ("DELOSSANTOS", ("santos",)),
        ("Ortega y Gasset", ("ortega", "gasset")),
        ("", ()),
    ],
    ids=["two", "widow", "vda", "particle", "joined particle", "y", "empty"],
)
def test_surname_parts(family: str, parts: tuple[str, ...]) -> None:
    assert surname_parts(family) == parts
