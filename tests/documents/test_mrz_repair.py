"""Repairing what OCR read of an MRZ, table-driven and without OCR: characters by position,
line lengths, fillers laid over the printed cells, readings voted, numbers never guessed."""

import pytest

from readmit.documents import mrz_cells, mrz_repair

# What tesseract's English model typically reads, and what it means.
LINE1, LINE2 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    ("L898902C36UTO7408122F1204159ZE184226B<<<<<10"),
)


def _kinds(line: str) -> str:
    return "".join(mrz_cells.FILLER if c == "<" else mrz_cells.LETTER for c in line)


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ((LINE1, LINE2), (LINE1, LINE2)),
        ((LINE1, "L898902C36UT07408I22F12O4159ZE184226B<<<<<1O"), (LINE1, LINE2)),  # O/0, I/1
        (("P<UT0ER1KSSON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<", LINE2), (LINE1, LINE2)),  # 0/O, 1/I
        ((LINE1, "L898902C36UTO7408122F1204159ZE184226B<<<<10"), (LINE1, LINE2)),  # short
        ((LINE1, "L898902C36UTO7408122F1204159ZE184226B<<<<<<10"), (LINE1, LINE2)),  # long
        (("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<", LINE2), (LINE1, LINE2)),  # fillers lost
    ],
    ids=["as-read", "digits", "letters", "short", "long", "line1-short"],
)
def test_repairs_by_position_and_check_digit(
    read: tuple[str, str], expected: tuple[str, str]
) -> None:
    assert mrz_repair.repair(read) == expected


def test_a_number_is_never_guessed() -> None:
    """A number read with an O for a 0 fails its check digit, and stays as read: one guess
    in ten would pass a mod-10 check by chance (the composite repeats the number's weights)."""
    read = "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10"
    assert mrz_repair.repair((LINE1, read)) == (LINE1, read)


def test_readings_at_several_sizes_are_voted() -> None:
    """Three readings, each wrong in another place: their vote is right, and passes."""
    readings = [
        (f"{LINE1}\nL8989O2C36UTO7408122F1204159ZE184226B<<<<<10", None),
        (f"P<UTOERIKSSON<<ANNA<MARLA<<<<<<<<<<<<<<<<<<<\n{LINE2}", None),
        (
            "P<UTOERIKSSON<<ANNE<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE1B4226B<<<<<10",
            None,
        ),
    ]
    assert mrz_repair.best_read(readings) == (LINE1, LINE2)


@pytest.mark.parametrize(
    "text",
    [
        "P<UTOERIKSSON<<ANNAKMARIAK<K<<<K<K<K<<<KKKKKEKKKK",  # fillers read as K
        "P<UTOERIKSSON<<ANNA<XMARIA<<<<<<<<<<<<<K<K<K<",  # a separator read as <X
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<",  # fillers lost
    ],
)
def test_line1_is_laid_over_the_cells_line2_confirms(text: str) -> None:
    kinds = [_kinds(LINE1), _kinds(LINE2)]
    assert mrz_repair.repair((text, LINE2), kinds) == (LINE1, LINE2)


def test_cells_that_line2_contradicts_are_not_trusted() -> None:
    text = "P<UTOERIKSSON<<ANNAKMARIA<<<<<<<<<<<<<<<<<<<"
    wrong = [_kinds(LINE1), _kinds(LINE2)[::-1]]
    assert mrz_repair.repair((text, LINE2), wrong)[0] == text


def test_the_best_of_several_readings() -> None:
    noise = "SOME PRINTED TEXT ABOVE THE ZONE THAT IS LONG\nAND ANOTHER LINE OF IT, ALSO QUITE LONG"
    garbled = f"{LINE1}\n{LINE2[:20]}XXXXXXXXXXXXXXXXXXXXXXXX"
    assert mrz_repair.best_read([(noise, None), (garbled, None), (f"{LINE1}\n{LINE2}", None)]) == (
        LINE1,
        LINE2,
    )
    assert mrz_repair.best_read([(noise, None)]) is not None  # a pair of long lines, not valid
    assert mrz_repair.best_read([("P<UTO", None), ("", None)]) is None
