"""A file of applications as `readmit verify` and the batch verification job read it: one
JSON object a line, each line checked (UTF-8, at most MAX_LINE bytes, not blank) before the
engine sees it, and one result line for every input line, in order (`{"line": N, "error":
…}` for a line that could not be verified)."""

import json
from collections.abc import Iterator
from pathlib import Path

from readmit.identity.verifying import Verified
from readmit.jsonl import lines

MAX_LINE = 1 << 20  # bytes in one application line: a few templates make a few kB
Numbered = tuple[int, str, str | None]  # line number, text, why it cannot be verified


def read(path: Path) -> list[Numbered]:
    """Every line of the file, numbered, with the reason it cannot be verified (or None)."""
    return [
        (number, text, issue or ("empty line" if not text.strip() else None))
        for number, text, issue in lines(path, max_bytes=MAX_LINE)
    ]


def valid(numbered: list[Numbered]) -> list[str]:
    """The lines the engine is given, in order."""
    return [text for _, text, issue in numbered if issue is None]


def merged(
    numbered: list[Numbered], results: Iterator[Verified | str]
) -> Iterator[tuple[int, Verified | str]]:
    """Each input line's number with its result: the engine's (one per valid line, in
    order), or why the line was not given to it."""
    for number, _, issue in numbered:
        yield number, issue or next(results)


def result_line(number: int, result: Verified | str) -> str:
    """The results file's line for one input line."""
    if isinstance(result, str):
        return json.dumps({"line": number, "error": result})
    return result.line
