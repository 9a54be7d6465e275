"""Input files of the CLI commands: one short line for anything that cannot be read, and
numbered lines of a text file whatever bytes it holds."""

import codecs
import stat
from collections.abc import Iterator
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

MAX_REASON = 300  # characters: a reason quoting a 100 kB field stays one readable line


def shorten(text: str) -> str:
    """Text as one printable line, control characters escaped, cut at MAX_REASON."""
    flat = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return flat if len(flat) <= MAX_REASON else flat[: MAX_REASON - 1] + "…"


def say(console: Console, text: str) -> None:
    """Print a line as it is: no markup, emoji codes or highlighting read in file data."""
    console.print(Text(text), emoji=False, highlight=False)


def error(console: Console, message: str, *, label: str = "error") -> None:
    """Print `label: message` on one line, the label in red."""
    console.print(Text.assemble((f"{label}:", "red"), " ", message), emoji=False, highlight=False)


def fail(console: Console, message: str, *, label: str = "error", code: int = 1) -> typer.Exit:
    """Print `label: message` on one line and return the exit to raise."""
    error(console, message, label=label)
    return typer.Exit(code)


def one_line(exc: BaseException) -> str:
    """An exception as one short line for the terminal."""
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
    if isinstance(exc, OSError) and exc.strerror:
        return shorten(exc.strerror)
    words = " ".join(str(exc).split())
    return shorten(words or type(exc).__name__)


def problem(path: Path, *, max_bytes: int | None = None) -> str | None:
    """Why `path` cannot be read as an input file (missing, a directory, too large), or None."""
    name = shorten(str(path))
    try:
        found = path.stat()
    except FileNotFoundError:
        return f"{name}: no such file"
    except OSError as exc:
        return f"{name}: {one_line(exc)}"
    if stat.S_ISDIR(found.st_mode):
        return f"{name}: is a directory, not a file"
    if not stat.S_ISREG(found.st_mode):
        return f"{name}: not a regular file"
    if max_bytes is not None and found.st_size > max_bytes:
        return f"{name}: {found.st_size:,} bytes, more than the {max_bytes:,} accepted"
    return None


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
