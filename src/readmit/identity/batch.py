"""Files through the identity engine. A register extract (CSV in UTF-8 or the encoding given,
or Parquet) is read row by row, each row numbered for the load report; a file whose bytes
are not in its encoding is refused whole, naming the line. (Files of applications are
verified by `identity.verifying`.)"""

import codecs
import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    import pyarrow.parquet as pq

COLUMNS = (
    "person_id",
    "national_id",
    "family_name",
    "given_names",
    "family_name_latin",
    "given_names_latin",
    "sex",
    "birth_date",
    "birth_place",
    "mother_name",
    "father_name",
    "passport_numbers",
)


@dataclass(frozen=True)
class Encoding:
    """A text encoding register extracts come in."""

    option: str  # as given with --encoding
    label: str  # as named in messages
    bom: bytes  # the byte-order mark dropped from line 1


ENCODINGS = {  # by Python's codec name
    "utf-8": Encoding("utf-8", "UTF-8", codecs.BOM_UTF8),
    "gb18030": Encoding("gb18030", "GB18030", "\ufeff".encode("gb18030")),
    "iso8859-1": Encoding("latin-1", "Latin-1", b""),
}


@dataclass(frozen=True)
class BadRow:
    """A CSV row that cannot be read as the header's columns, and why."""

    reason: str


# A row by column name, its values in COLUMNS order, or why it cannot be read.
Raw = dict[str, str] | tuple[str, ...] | BadRow
PARQUET_BATCH = 5000


class RegisterFileError(ValueError):
    """The file as a whole cannot be read (missing, wrong format, missing columns, broken
    CSV quoting); nothing is loaded."""


def first_line(exc: BaseException) -> str:
    """An exception's message on one line."""
    return " ".join(str(exc).split()) or type(exc).__name__


def is_parquet(path: Path) -> bool:
    """Whether a register extract is read as Parquet (else CSV)."""
    return path.suffix.lower() == ".parquet"


def _missing(path: Path, names: list[str]) -> None:
    if missing := set(COLUMNS) - set(names):
        raise RegisterFileError(f"{path}: missing columns {', '.join(sorted(missing))}")
    if twice := sorted(c for c in COLUMNS if names.count(c) > 1):
        raise RegisterFileError(f"{path}: column {twice[0]} appears twice")


def text_of(value: object) -> str:
    """A Parquet value as register text; bytes that are not UTF-8 keep their bad bytes as
    surrogates, for the row check to report."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "surrogateescape").strip()
    return str(value).strip()


def parquet_file(path: Path) -> "pq.ParquetFile":
    """A Parquet extract opened, its columns checked; RegisterFileError if it cannot be."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
        schema = table.schema_arrow
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise RegisterFileError(
            f"{path}: not a readable Parquet file ({first_line(exc)})"
        ) from None
    _missing(path, schema.names)
    for column in COLUMNS:
        if pa.types.is_nested(kind := schema.field(column).type):
            raise RegisterFileError(f"{path}: column {column} holds {kind}, not text")
    return table


def _parquet_rows(path: Path) -> Iterator[tuple[int, Raw]]:
    import pyarrow as pa

    unreadable = (OSError, ValueError, pa.ArrowException)
    table = parquet_file(path)
    number = 1
    try:
        for batch in table.iter_batches(batch_size=PARQUET_BATCH, columns=list(COLUMNS)):
            for row in batch.to_pylist():
                yield number, {k: text_of(v) for k, v in row.items()}
                number += 1
    except unreadable as exc:
        raise RegisterFileError(
            f"{path}: row {number} and after cannot be read ({first_line(exc)}); nothing was loaded"
        ) from None


def decode_line(path: Path, number: int, raw: bytes, encoding: str) -> str:
    """One line of a CSV extract as text; RegisterFileError naming the line, byte and column
    when it is not in the encoding."""
    label = ENCODINGS[encoding].label
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        others = " or ".join(
            f"--encoding {e.option}" for c, e in ENCODINGS.items() if c != encoding
        )
        raise RegisterFileError(
            f"{path}: line {number} is not {label} (byte 0x{raw[exc.start]:02x} at column "
            f"{exc.start + 1}): the file was read as {label}; if it is in another "
            f"encoding, give {others}; nothing was loaded"
        ) from None


def utf8_beyond_ascii(raw: bytes) -> int:
    """1 for a line beyond ASCII that is UTF-8, -1 for one that is not, 0 for ASCII: a file
    read as another encoding whose lines beyond ASCII are all UTF-8 is UTF-8 text."""
    if raw.isascii():
        return 0
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return -1
    return 1


def utf8_refusal(path: Path, line: int, encoding: str) -> RegisterFileError:
    """The refusal of a file read as `encoding` that is UTF-8 text (see `utf8_beyond_ascii`)."""
    return RegisterFileError(
        f"{path}: the file is UTF-8 text (see line {line}), not {ENCODINGS[encoding].label}: "
        "load it without --encoding; nothing was loaded"
    )


def bom_refusal(path: Path, raw: bytes, encoding: str) -> RegisterFileError | None:
    """The refusal of a file to be read as another encoding that starts with UTF-8's BOM."""
    if encoding != "utf-8" and raw.startswith(codecs.BOM_UTF8):
        return RegisterFileError(
            f"{path}: starts with a UTF-8 byte-order mark, yet was to be read as "
            f"{ENCODINGS[encoding].label}: load it without --encoding; nothing was loaded"
        )
    return None


def _decoded(handle: BinaryIO, path: Path, encoding: str) -> Iterator[str]:
    """The file's lines as text, each with its line end, for the CSV reader. RegisterFileError
    names the first line the encoding cannot read; and, read as another encoding than UTF-8,
    a file that is UTF-8 text beyond ASCII is refused, since its letters would be garbled."""
    bom = ENCODINGS[encoding].bom
    utf8 = 0  # in another encoding: the first line beyond ASCII while all are UTF-8, or -1
    for number, raw in enumerate(handle, start=1):
        if number == 1:
            if refusal := bom_refusal(path, raw, encoding):
                raise refusal
            raw = raw.removeprefix(bom)
        text = decode_line(path, number, raw, encoding)
        if utf8 >= 0 and encoding != "utf-8":
            kind = utf8_beyond_ascii(raw)
            utf8 = -1 if kind < 0 else (utf8 or (number if kind else 0))
        yield text
    if utf8 > 0:
        raise utf8_refusal(path, utf8, encoding)


def check_header(path: Path, header: list[str], encoding: str) -> None:
    """RegisterFileError unless the header is text naming every column once."""
    if any(not name.isprintable() for name in header):
        label = ENCODINGS[encoding].label
        raise RegisterFileError(f"{path}: line 1 is not a CSV header in {label} text")
    _missing(path, header)


# The longest CSV field a register row may have: a line beyond it refuses the file. Set on
# each read because importing followthemoney raises the process-wide limit to 30 MB.
FIELD_LIMIT = 131_072


def _csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, Raw]]:
    csv.field_size_limit(FIELD_LIMIT)
    with path.open("rb") as handle:
        reader = csv.reader(_decoded(handle, path, encoding), strict=True)
        last = 0  # the last line read
        try:
            header = next(reader, [])
            check_header(path, header, encoding)
            pick = itemgetter(*(header.index(c) for c in COLUMNS))
            width, last = len(header), reader.line_num
            for row in reader:
                start, last = last + 1, reader.line_num
                if not row:  # a blank line holds no row
                    continue
                if len(row) != width:
                    # Shifted values would be checked as the wrong columns: name the cause.
                    yield start, BadRow(f"expected {width} columns, found {len(row)}")
                    continue
                yield start, pick(row)
        except csv.Error as exc:
            # Broken quoting leaves the rest of the file unreadable: refuse it whole.
            raise RegisterFileError(
                f"{path}: line {last + 1}: not valid CSV ({exc}); nothing was loaded"
            ) from None


def register_rows(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, Raw]]:
    """(number, row) pairs of a register extract: CSV by file line (header on line 1), in
    `encoding` (a key of ENCODINGS), a CSV row as its values in COLUMNS order, cheaper to
    send to the keying processes; Parquet by row from 1. A row whose column count is not the
    header's is a BadRow. RegisterFileError when the file as a whole is unreadable."""
    if not path.is_file():
        raise RegisterFileError(f"{path}: no such file")
    try:
        yield from _parquet_rows(path) if is_parquet(path) else _csv_rows(path, encoding)
    except OSError as exc:
        raise RegisterFileError(f"{path}: {exc.strerror or exc}") from None


def count_rows(path: Path, encoding: str = "utf-8") -> int:
    """Rows in a register extract, for the progress bar. The file is read through, so that one
    unreadable as a whole (encoding, header, quoting, a damaged Parquet page) is refused
    before a store exists."""
    if not is_parquet(path):
        return sum(1 for _ in register_rows(path, encoding))
    import pyarrow as pa

    table, number = parquet_file(path), 0
    try:
        for batch in table.iter_batches(batch_size=PARQUET_BATCH, columns=list(COLUMNS)):
            number += batch.num_rows
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise RegisterFileError(
            f"{path}: row {number + 1} and after cannot be read ({first_line(exc)}); "
            "nothing was loaded"
        ) from None
    return number


def default_workers() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
