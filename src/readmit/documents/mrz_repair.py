"""Repairing the two TD3 lines that OCR read, by what ICAO 9303 Part 4 says stands where.

OCR confuses characters the MRZ's layout tells apart. Where a letter must stand (issuing
state, names, nationality) a 0 is an O, a 1 an I, a 5 an S…; where a digit must (dates,
check digits), the reverse. The document number and the optional data may hold either, and
their one check digit (mod 10; the composite adds nothing for the number, whose weights it
repeats) would confirm one wrong guess in ten: so they are never guessed. Instead the zone is
read at several sizes, whose errors fall in different places, and a character-by-character
vote of the readings competes with each reading on the check digits it passes. A line 2 read
one character short or long is tried with a filler added to, or dropped from, each run of
fillers (OCR miscounts those), and kept only if more check digits then pass. Line 1 has no
check digits: its fillers are placed by the shape of the printed cells (`mrz_cells`) when
those can be trusted, and its letters are voted. Nothing here makes a reading right; the
check digits say whether line 2 holds, and only the officer can check the names.
"""

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence

from readmit.documents import mrz_cells
from readmit.documents.mrz import LINE_LENGTH, MRZError, check_digit, parse_td3

SHORTEST_LINE = 30  # OCR text lines shorter than this are not taken for MRZ lines

# What OCR reads for one character where the layout says which kind it must be.
TO_LETTER = str.maketrans({"0": "O", "1": "I", "2": "Z", "4": "A", "5": "S", "6": "G", "8": "B"})
TO_DIGIT = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8",
     "G": "6", "A": "4"}
)  # fmt: skip
_NOT_MRZ = re.compile(r"[^A-Z0-9<]")

Reading = tuple[str, Sequence[str] | None]  # OCR text, and its cells' kinds when found


def best_read(readings: Iterable[Reading]) -> tuple[str, str] | None:
    """The line 2 that passes the most checks among the readings and their character-by-
    character vote (the first on a tie), and line 1 by a vote of the readings of the zone
    (line 1 has no check digit)."""
    scored: list[tuple[int, tuple[str, str]]] = []
    for text, kinds in readings:
        pairs = list(_line_pairs(text))
        for number, pair in enumerate(pairs):
            # The cells are those of the zone's last two lines.
            lines = repair(pair, kinds if number == len(pairs) - 1 else None)
            scored.append((_score(lines), lines))
    if not scored:
        return None
    best = max(score for score, _lines in scored)
    # Readings of the zone (not of some other text), whatever their errors: two checks pass.
    close = [lines for score, lines in scored if score >= 20 and lines[0][:1] == "P"]
    if len(close) >= 3:  # readings at other sizes err elsewhere: most agree on the truth
        voted = (_vote([first for first, _ in close]), _vote([second for _, second in close]))
        scored.append((_score(voted), voted))
        best = max(best, scored[-1][0])
    first, second = next(lines for score, lines in scored if score == best)
    voters = [lines[0] for lines in close]
    return _vote(voters) if first in voters else first, second


def _vote(lines: Sequence[str]) -> str:
    """Each character as most of the lines read it, the first line's on a tie."""
    return "".join(max(chars, key=chars.count) for chars in zip(*lines, strict=True))


def _line_pairs(text: str) -> Iterator[tuple[str, str]]:
    """Consecutive pairs of long lines of an OCR text, spaces removed."""
    lines = [re.sub(r"\s", "", line).upper().replace(">", "<") for line in text.splitlines()]
    long = [_NOT_MRZ.sub("<", line) for line in lines if len(line) >= SHORTEST_LINE]
    yield from itertools.pairwise(long)


def repair(lines: tuple[str, str], kinds: Sequence[str] | None = None) -> tuple[str, str]:
    """Both lines at 44 characters, each character of the kind its position requires; each
    line laid over its cells' kinds (`mrz_cells`) when the check digits of line 2 confirm
    them."""
    second = max(_second_lines(lines[1], kinds), key=lambda found: found[0])[1]
    if kinds is not None and mrz_cells.agrees(kinds[1], second):
        return mrz_cells.align(kinds[0], lines[0]).translate(TO_LETTER), second
    return _first_line(lines[0]), second


def _second_lines(read: str, kinds: Sequence[str] | None) -> Iterator[tuple[float, str]]:
    """Readings of line 2, each scored by the check digits it passes less what it guessed:
    as read; laid over its cells; with one filler more or less in a run of them (OCR
    miscounts those); with one character more or less anywhere, only if then all pass."""
    yield _line2_checks(line := _second_line(read)), line
    if kinds is not None:
        yield _line2_checks(line := _second_line(mrz_cells.align(kinds[1], read))) - 0.25, line
    runs = [m.start() for m in re.finditer("<+", read)]
    if len(read) == LINE_LENGTH + 1:
        edits = [(0.5 if i in runs else 0.9, read[:i] + read[i + 1 :]) for i in range(len(read))]
    elif len(read) == LINE_LENGTH - 1:
        edits = [(0.5, read[:i] + "<" + read[i:]) for i in runs]
    else:
        edits = []
    for cost, edited in edits:
        checks = _line2_checks(line := _second_line(edited))
        if cost < 0.9 or checks == 5:
            yield checks - cost, line


def _first_line(line: str) -> str:
    """Document code, issuing state and name: letters and fillers only."""
    line = line.rstrip("<").ljust(LINE_LENGTH, "<") if len(line) != LINE_LENGTH else line
    return line[:LINE_LENGTH].translate(TO_LETTER)


def _second_line(line: str) -> str:
    """Number, dates, nationality, optional data and their check digits, by position; a date
    that fails its check with a letter read where a digit stands may take the one digit there
    that passes, if the composite check agrees."""
    line = line[:LINE_LENGTH].ljust(LINE_LENGTH, "<")
    optional_check = line[42] if line[42] == "<" else _digit(line[42])
    fixed = (
        line[0:9] + _digit(line[9]) + line[10:13].translate(TO_LETTER)
        + line[13:19].translate(TO_DIGIT) + _digit(line[19]) + line[20]
        + line[21:27].translate(TO_DIGIT) + _digit(line[27]) + line[28:42] + optional_check
        + _digit(line[43])
    )  # fmt: skip
    births = _date_readings(line[13:19], fixed[13:19], fixed[19])
    expiries = _date_readings(line[21:27], fixed[21:27], fixed[27])
    trials = [
        fixed[:13] + birth + fixed[19:21] + expiry + fixed[27:]
        for birth, expiry in itertools.product(births, expiries)
    ]
    confirmed = [line for line in trials if _passes(_composite(line), line[43])]
    return max(confirmed, key=_line2_checks) if confirmed else trials[0]


def _date_readings(read: str, date: str, check: str) -> list[str]:
    """A date as repaired, and, when its check fails, the first reading with another digit
    where OCR read no digit (a 5 taken for a D, say) that the check digit confirms."""
    if _passes(date, check):
        return [date]
    for i, char in enumerate(read):
        if not char.isdigit() and char != "<":
            for digit in "0123456789":
                if _passes(other := date[:i] + digit + date[i + 1 :], check):
                    return [date, other]
    return [date]


def _digit(char: str) -> str:
    return char.translate(TO_DIGIT)


def _passes(field: str, check: str) -> bool:
    try:
        return check_digit(field) == check
    except ValueError:
        return False


def _composite(line: str) -> str:
    return line[0:10] + line[13:20] + line[21:43]


def _line2_checks(line: str) -> int:
    """How many of the five check digits of line 2 pass."""
    fields = ((0, 9, 9), (13, 19, 19), (21, 27, 27), (28, 42, 42))
    passed = sum(_passes(line[a:b], line[c]) for a, b, c in fields)
    if line[28:42] == "<" * 14 and line[42] in "<0":
        passed += 1 - _passes(line[28:42], line[42])  # Part 4: an unused personal number
    return passed + _passes(_composite(line), line[43])


def _score(lines: tuple[str, str]) -> int:
    """How well a pair reads as a TD3: check digits passing, then a passport's first line."""
    first, second = lines
    structure = (first[:1] == "P") + bool(re.fullmatch(r"[A-Z<]{3}", first[2:5]))
    return 10 * _line2_checks(second) + structure + 100 * _parses(lines)


def _parses(lines: tuple[str, str]) -> bool:
    try:
        parse_td3(lines)
    except MRZError:
        return False
    return True
