"""Numbered lines of a text file whatever bytes it holds (JSON lines: applications, screening
queries, FollowTheMoney entities), read by the CLI and by background jobs alike."""

import codecs
from collections.abc import Iterator
from pathlib import Path


def lines(path: Path, *, max_bytes: int) -> Iterator[tuple[int, str, str | None]]:
    """(line number, text, problem) for each line of a UTF-8 file (a BOM is dropped): the
    problem is None, or why the line is unusable (not UTF-8, longer than `max_bytes`), and
    then the text is empty. A line too long is skipped without being held in memory."""
    with path.open("rb") as handle:
        number = 0
        while raw := handle.readline(max_bytes + 1):
            number += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield number, "", f"line longer than {max_bytes:,} bytes"
                continue
            raw = raw.removesuffix(b"\n").removesuffix(b"\r")
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            try:
                yield number, raw.decode("utf-8"), None
            except UnicodeDecodeError as exc:
                yield (
                    number,
                    "",
                    f"invalid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})",
                )
