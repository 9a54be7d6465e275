"""A job's folder under READMIT_HOME/jobs/<reference>/ (0700, files 0600: a register extract
and verification results are personal data): the upload it works on, checked before a job is
queued, and the files each run produces, in a folder of the run's own (`run-<attempt>/`), so
that a worker taken for dead cannot touch the files of the run that replaced it. Only the
names the job's result lists, in the folder of the run that finished it, are ever served."""

import codecs
import shutil
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from readmit.attachments.service import clean_filename, max_bytes
from readmit.errors import FieldProblem, Invalid
from readmit.i18n import _
from readmit.identity import applications_file
from readmit.identity.batch import ENCODINGS, RegisterFileError, count_rows
from readmit.identity.segment import private_directory, private_file
from readmit.uploads import described

MiB = 2**20
UPLOAD = "upload"  # the stored upload's name, before its suffix
REGISTER_SUFFIXES = (".csv", ".parquet")
APPLICATION_SUFFIXES = (".jsonl", ".ndjson")
MEDIA_TYPES = {
    ".csv": "text/csv",
    ".jsonl": "application/x-ndjson",
    ".parquet": "application/vnd.apache.parquet",
}


def folder(home: Path, reference: str) -> Path:
    """Where a job's files live."""
    return home / "jobs" / reference


def _refused(message: str) -> Invalid:
    return Invalid([FieldProblem(("file",), message)])


def _named(filename: str, data: bytes, suffixes: tuple[str, ...], words: str) -> str:
    """The file's clean name, once its suffix and size are acceptable."""
    name = clean_filename(filename)
    if PurePosixPath(name).suffix.lower() not in suffixes:
        raise _refused(words)
    if not data:
        raise _refused(_("the file is empty"))
    if len(data) > max_bytes():
        raise _refused(_("the file is larger than the {mib} MB limit", mib=max_bytes() // MiB))
    return name


def _private(home: Path, path: Path) -> BinaryIO:
    """A new file under READMIT_HOME/jobs/, only the server's user may read (its folders
    too), open for writing."""
    chain = [path.parent, *path.parent.parents]
    for directory in reversed(chain[: chain.index(home / "jobs") + 1]):
        private_directory(directory)
    return private_file(path)


def encoding_of(option: str) -> str:
    """The codec of an encoding Readmit reads register extracts in (utf-8, gb18030,
    latin-1); Invalid naming the choices otherwise."""
    try:
        codec = codecs.lookup(option).name
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it
        codec = ""
    if codec not in ENCODINGS:
        known = ", ".join(e.option for e in ENCODINGS.values())
        problem = _("choose one of {known}", known=known)
        raise Invalid([FieldProblem(("encoding",), problem)])
    return codec


def store_register(*, home: Path, reference: str, filename: str, data: bytes, codec: str) -> int:
    """Keep a register extract (CSV or Parquet) for its job, and count its rows; a file that
    cannot be read as a whole (encoding, header, columns, quoting, a damaged Parquet file)
    is refused here, naming the problem as `readmit registry load` does."""
    name = _named(
        filename,
        data,
        REGISTER_SUFFIXES,
        _("send a register extract: the file's name must end in .csv or .parquet"),
    )
    suffix = PurePosixPath(name).suffix.lower()
    if codec != "utf-8" and suffix == ".parquet":
        problem = _("an encoding is for CSV files; Parquet text is UTF-8")
        raise Invalid([FieldProblem(("encoding",), problem)])
    path = folder(home, reference) / (UPLOAD + suffix)
    with _private(home, path) as out:
        out.write(data)
    try:
        return count_rows(path, codec)
    except RegisterFileError as exc:
        discard(home=home, reference=reference)
        raise _refused(str(exc).replace(str(path), name)) from None


def store_applications(*, home: Path, reference: str, filename: str, data: bytes) -> int:
    """Keep a file of applications (JSON lines) for its job, and count its lines; a file that
    is no such text (a PDF, an image, an HTML page), or has no line to verify, is refused."""
    name = _named(
        filename,
        data,
        APPLICATION_SUFFIXES,
        _("send applications as JSON lines: the file's name must end in .jsonl or .ndjson"),
    )
    if not data.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"{"):
        words = _("the file is named {suffix} but its content is {content}")
        raise _refused(words.format(suffix=PurePosixPath(name).suffix, content=described(data)))
    path = folder(home, reference) / (UPLOAD + ".jsonl")
    with _private(home, path) as out:
        out.write(data)
    numbered = applications_file.read(path)
    if not applications_file.valid(numbered):
        discard(home=home, reference=reference)
        raise _refused(_("the file has no line to verify"))
    return len(numbered)


def upload_of(home: Path, reference: str) -> Path | None:
    """The upload a job works on, if it has one."""
    return next(folder(home, reference).glob(UPLOAD + ".*"), None)


def run_folder(home: Path, reference: str, attempt: int) -> Path:
    """Where one run of a job writes what it produces."""
    return folder(home, reference) / f"run-{attempt}"


def create(home: Path, reference: str, attempt: int, name: str) -> BinaryIO:
    """A new file made by a run, open for writing."""
    return _private(home, run_folder(home, reference, attempt) / name)


def produced(home: Path, reference: str, attempt: int, name: str) -> Path:
    """A file made by the run that finished the job."""
    return run_folder(home, reference, attempt) / name


def settle(*, home: Path, reference: str, keep: int | None) -> None:
    """Once a job has ended: remove its upload (a copy of personal data) and the files of
    every run but `keep`, the run that finished it (None: the job made nothing to keep)."""
    if (found := upload_of(home, reference)) is not None:
        found.unlink(missing_ok=True)
    for run in folder(home, reference).glob("run-*"):
        if run.name != f"run-{keep}":
            shutil.rmtree(run, ignore_errors=True)


def drop_run(*, home: Path, reference: str, attempt: int) -> None:
    """Remove what a run wrote (it was cancelled, failed, stopped or taken back)."""
    shutil.rmtree(run_folder(home, reference, attempt), ignore_errors=True)


def discard(*, home: Path, reference: str) -> None:
    """Remove a job's folder whole (its upload was refused)."""
    shutil.rmtree(folder(home, reference), ignore_errors=True)


def media_type(name: str) -> str:
    """How a job's output is served."""
    return MEDIA_TYPES.get(PurePosixPath(name).suffix, "application/octet-stream")
