"""Files and options of the CLI commands: one short line for an input that cannot be read,
an output that cannot be written or a country that is not one, and numbered lines of a text
file whatever bytes it holds. Exit status 1 for a path, 2 for an option's value."""

import os
import stat
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from readmit.jsonl import lines as lines  # shared with the background jobs

MAX_REASON = 300  # characters: a reason quoting a 100 kB field stays one readable line


def shorten(text: str) -> str:
    """Text as one printable line, control characters escaped, cut at MAX_REASON."""
    flat = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return flat if len(flat) <= MAX_REASON else flat[: MAX_REASON - 1] + "…"


def say(console: Console, text: str) -> None:
    """Print a line as it is: no markup, emoji codes or highlighting read in file data."""
    console.print(Text(text), emoji=False, highlight=False)


def error(console: Console, message: str, *, label: str = "error", style: str = "red") -> None:
    """Print `label: message` on one line, the label in red (or `style`)."""
    console.print(Text.assemble((f"{label}:", style), " ", message), emoji=False, highlight=False)


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
    try:
        path.open("rb").close()
    except OSError as exc:
        return f"{name}: cannot be read ({one_line(exc).lower()})"
    return None


def _writable(path: Path) -> bool:
    # Effective ids: what the process may do now, as open() would judge it.
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def output_problem(path: Path) -> str | None:
    """Why a file cannot be written at `path` (a directory there, its folder missing or not
    writable, a file that may not be overwritten), or None; creates nothing."""
    name, folder = shorten(str(path)), path.absolute().parent
    if path.is_dir():
        return f"{name}: is a directory, not a file"
    try:
        if not stat.S_ISDIR(folder.stat().st_mode):
            return f"{name}: {shorten(str(folder))} is not a folder"
    except FileNotFoundError:
        return f"{name}: the folder {shorten(str(folder))} does not exist"
    except OSError as exc:
        return f"{name}: cannot be written ({one_line(exc).lower()})"
    if path.exists() and not _writable(path):
        return f"{name}: cannot be written (permission denied)"
    if not path.exists() and not _writable(folder):
        return f"{name}: cannot be written in {shorten(str(folder))} (permission denied)"
    return None


def check_outputs(console: Console, outputs: list[Path], *, reads: list[Path]) -> None:
    """Exit 1 naming the first output that cannot be written, or that is a file the command
    reads or another of its outputs: writing it would destroy what is read or written."""
    taken = dict.fromkeys((p.resolve() for p in reads), "is also read by this command")
    for path in outputs:
        if reason := output_problem(path):
            raise fail(console, reason)
        if (clash := taken.get(path.resolve())) is not None:
            raise fail(console, f"{shorten(str(path))}: {clash}; write elsewhere")
        taken[path.resolve()] = "is given for two outputs"


def country(console: Console, code: str, *, profile: bool, option: str = "--country") -> str:
    """An ISO 3166-1 alpha-3 code given with `option`, upper-cased; exit 2 for anything else.
    With `profile`, a country with no profile of its own is said to get the generic
    Latin-script one."""
    from readmit.countries import MODULES, iso

    upper = code.strip().upper()
    name = iso.name(upper)
    if name is None:
        raise fail(
            console,
            f"{option} {shorten(code)!r} is not an ISO 3166-1 alpha-3 code (e.g. CHN, GTM)",
            code=2,
        )
    if profile and upper not in MODULES:
        error(
            console,
            f"{upper} ({name}) has no country profile of its own: "
            "names are read with the generic Latin-script profile",
            label="note",
            style="yellow",
        )
    return upper
