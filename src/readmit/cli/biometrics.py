"""`readmit biometrics`: load a gallery of templates, search probes, delete a person."""

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from cryptography.exceptions import InvalidTag
from rich.console import Console

from readmit.cli import inputs
from readmit.config import get_settings

if TYPE_CHECKING:
    import sqlite3

    import numpy as np

    from readmit.biometrics import store

biometrics_app = typer.Typer(
    help="Biometric galleries (templates, not images).", no_args_is_help=True
)
console = Console(stderr=True, soft_wrap=True)
Country = Annotated[str, typer.Option(help="ISO 3166-1 alpha-3 code, e.g. CHN.")]
Modality = Annotated[
    str,
    typer.Option(
        help="Template kind: face (512 float32), face128 (dlib, 128), finger (256); "
        "lengths set by READMIT_BIOMETRIC_DIMENSIONS."
    ),
]
WRONG_KEY = (
    "the gallery was sealed with another key than this one "
    "(READMIT_BIOMETRIC_KEY, else READMIT_HOME/secrets/biometrics-{cc}.key)"
)


def _options(country: str, modality: str) -> tuple[str, int]:
    """The country's code and the modality's template length; exit 2 for one not known."""
    from readmit.biometrics import store

    code = inputs.country(console, country, profile=False)
    if modality not in store.MODALITIES:
        known = ", ".join(store.MODALITIES)
        raise inputs.fail(console, f"unknown modality {modality!r}; known: {known}", code=2)
    return code, store.MODALITIES[modality]


def _existing(code: str, modality: str) -> None:
    """Exit 1 when the country has no gallery of the modality (so none is created)."""
    from readmit.biometrics import store

    if not store.gallery_path(get_settings().home, code, modality).exists():
        raise inputs.fail(console, f"no {modality} gallery for {code}")


def _open(code: str, modality: str) -> "tuple[sqlite3.Connection, store.Keys]":
    """The gallery (created when new) and its keys; exit 1 if unusable."""
    import sqlite3

    from readmit.biometrics import store

    home = get_settings().home
    path = store.gallery_path(home, code, modality)
    try:
        keys = store.Keys.for_gallery(home, code)
        return store.connect(path), keys
    except store.TemplateError as exc:
        raise inputs.fail(console, str(exc)) from None
    except (OSError, sqlite3.Error) as exc:
        raise inputs.fail(
            console, f"{path}: not a usable gallery ({inputs.one_line(exc)})"
        ) from None


def _array(path: Path) -> "np.ndarray":
    import numpy as np

    if problem := inputs.problem(path):
        raise inputs.fail(console, problem)
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise inputs.fail(
            console, f"{path}: not a readable .npy array ({inputs.one_line(exc)})"
        ) from None


def _person_ids(path: Path) -> list[str]:
    """The person_id column of a CSV, one id a template row; exit 1 listing every bad line
    (not UTF-8, blank, a person_id repeated) when there is one."""
    from readmit.identity.keying import unreadable

    if problem := inputs.problem(path):
        raise inputs.fail(console, problem)
    ids: list[str] = []
    bad: list[str] = []
    first: dict[str, int] = {}
    last = 0  # the last line read
    try:
        with path.open(newline="", encoding="utf-8-sig", errors="surrogateescape") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, [])
            if "person_id" not in header:
                raise inputs.fail(console, f"{path}: no person_id column on line 1")
            column, last = header.index("person_id"), reader.line_num
            for row in reader:
                start, last = last + 1, reader.line_num
                if not row:  # a blank line holds no row
                    continue
                person = row[column].strip() if column < len(row) else ""
                earlier = first.setdefault(person, start)
                if reason := unreadable({"person_id": person}):
                    bad.append(f"line {start}: {reason}")
                elif not person:
                    bad.append(f"line {start}: person_id is empty")
                elif earlier != start:
                    bad.append(f"line {start}: person_id {person!r} repeats line {earlier}")
                ids.append(person)
    except csv.Error as exc:
        raise inputs.fail(console, f"{path}: line {last + 1}: not valid CSV ({exc})") from None
    except OSError as exc:
        raise inputs.fail(console, f"{path}: {inputs.one_line(exc)}") from None
    for line in bad:
        inputs.say(console, inputs.shorten(line))
    if bad:
        raise inputs.fail(console, f"{len(bad)} bad lines in {path}; nothing was loaded")
    return ids


@biometrics_app.command("load")
def load(
    country: Country,
    modality: Modality,
    ids: Annotated[Path, typer.Option(help="CSV with a person_id column, one row per template.")],
    templates: Annotated[Path, typer.Option(help=".npy array, one template per row.")],
) -> None:
    """Add (or replace) templates in the country's encrypted gallery; a person_id repeated
    in the CSV, a blank one or a bad template refuses the whole file."""
    from readmit.biometrics import store

    code, dimension = _options(country, modality)
    person_ids = _person_ids(ids)
    array = _array(templates)
    try:
        vectors = store.checked(array, dimension)
        if len(person_ids) != len(vectors):
            raise store.TemplateError(
                f"{ids} has {len(person_ids)} person ids for {len(vectors)} templates"
            )
    except store.TemplateError as exc:
        raise inputs.fail(console, f"{exc}; nothing was loaded") from None
    connection, keys = _open(code, modality)
    _put(connection, keys, person_ids, vectors)
    total = connection.execute("SELECT count(*) FROM templates").fetchone()[0]
    console.print(f"loaded {len(vectors):,} templates; the gallery holds {total:,}")


def _put(
    connection: "sqlite3.Connection",
    keys: "store.Keys",
    person_ids: list[str],
    vectors: "np.ndarray",
) -> None:
    """Enrol templates in one transaction; exit 1 when the gallery refuses them."""
    import sqlite3

    from readmit.biometrics import store

    try:
        connection.execute("BEGIN IMMEDIATE")
        store.put(connection, keys, person_ids, vectors)
        connection.execute("COMMIT")
    except sqlite3.Error as exc:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        reason = inputs.one_line(exc)
        raise inputs.fail(console, f"the gallery: {reason}; nothing was loaded") from None


@biometrics_app.command("search")
def search(
    country: Country,
    modality: Modality,
    probes: Annotated[Path, typer.Option(help=".npy array of probe templates.")],
    out: Annotated[Path, typer.Option(help="Results: one JSON object per probe row.")],
    top: Annotated[int, typer.Option(min=1, max=100, help="Candidates per probe.")] = 10,
    exact: Annotated[
        bool, typer.Option(help="Exhaustive search (the reference) instead of the index.")
    ] = False,
) -> None:
    """1:N search of each probe against the gallery (indexed; exhaustive with --exact)."""
    from readmit.biometrics import ann, store

    code, dimension = _options(country, modality)
    try:
        vectors = store.checked(_array(probes), dimension)
    except store.TemplateError as exc:
        raise inputs.fail(console, str(exc)) from None
    inputs.check_outputs(console, [out], reads=[probes])
    _existing(code, modality)
    connection, keys = _open(code, modality)
    try:
        found = store.named(
            connection, keys, ann.search(connection, keys, vectors, top=top, exact=exact)
        )
    except InvalidTag:
        raise inputs.fail(console, WRONG_KEY.format(cc=code.lower())) from None
    try:
        with out.open("w", encoding="utf-8") as sink:
            for row, candidates in enumerate(found):
                listed = [{"person_id": p, "score": s} for p, s in candidates]
                sink.write(json.dumps({"probe": row, "candidates": listed}) + "\n")
    except OSError as exc:
        raise inputs.fail(console, f"{out}: {inputs.one_line(exc)}") from None
    how = "exhaustively" if exact else "through the index"
    total = ann.gallery_size(connection, keys, dimension)
    console.print(f"searched {len(vectors):,} probes against {total:,} {how} → {out}")


@biometrics_app.command("delete")
def delete(
    country: Country,
    modality: Modality,
    person_id: Annotated[str, typer.Option(help="The register person whose template goes.")],
) -> None:
    """Delete one person's template."""
    from readmit.biometrics import store

    code, _ = _options(country, modality)
    _existing(code, modality)
    connection, keys = _open(code, modality)
    if not store.delete(connection, keys, person_id):
        raise inputs.fail(console, f"no template for {person_id}")
    inputs.say(console, f"deleted the template of {person_id}")


@biometrics_app.command("purge")
def purge(
    country: Country,
    modality: Modality,
    older_than_days: Annotated[int, typer.Option(min=0, help="Retention period in days.")],
) -> None:
    """Apply a retention rule: delete templates enrolled longer ago than the period."""
    from readmit.biometrics import store

    code, _ = _options(country, modality)
    _existing(code, modality)
    connection, _ = _open(code, modality)
    removed = store.purge(connection, older_than_days=older_than_days)
    console.print(f"deleted {removed:,} templates older than {older_than_days} days")


@biometrics_app.command("import-nist")
def import_nist(
    country: Country,
    files: Annotated[list[Path], typer.Argument(help="ANSI/NIST-ITL transactions, one a person.")],
    face_modality: Annotated[
        str, typer.Option(help="Gallery for Type-10 templates, e.g. face128 for dlib's.")
    ] = "face",
) -> None:
    """Enrol the templates of ANSI/NIST-ITL files (Type-10 face, Type-14 fingerprint): the
    template in field .200 of the record, the person in field 2.015. All or nothing."""
    import numpy as np

    from readmit.biometrics import nist, store

    code, _ = _options(country, face_modality)
    subjects: list[nist.Subject] = []
    bad = 0
    first: dict[str, Path] = {}
    for path in files:
        try:
            if problem := inputs.problem(path):
                raise store.TemplateError(problem.removeprefix(f"{path}: "))
            subject = nist.read(path, face_modality=face_modality)
            earlier = first.setdefault(subject.person_id, path)
            if earlier != path:
                raise store.TemplateError(f"person {subject.person_id!r} is also in {earlier}")
            subjects.append(subject)
        except store.TemplateError as exc:
            inputs.error(console, inputs.shorten(f"{path}: {exc}"))
            bad += 1
    if bad:
        raise inputs.fail(console, f"{bad} of {len(files)} files refused; nothing was loaded")
    for modality in sorted({m for subject in subjects for m in subject.templates}):
        people = [s for s in subjects if modality in s.templates]
        connection, keys = _open(code, modality)
        vectors = np.vstack([s.templates[modality] for s in people])
        _put(connection, keys, [s.person_id for s in people], vectors)
        console.print(f"loaded {len(people):,} {modality} templates")


@biometrics_app.command("extract")
def extract(
    images: Annotated[list[Path], typer.Argument(help="Face images (JPEG, PNG), one face each.")],
    out: Annotated[Path, typer.Option(help=".npy of 128-d templates, one row per image.")],
) -> None:
    """Turn face images into 128-d templates (dlib's ResNet) for the face128 gallery; needs
    the optional extra: pip install 'readmit[extractor]'."""
    import numpy as np

    from readmit.biometrics import extractor

    for image in images:
        if problem := inputs.problem(image):
            raise inputs.fail(console, problem)
    inputs.check_outputs(console, [out], reads=images)
    try:
        templates = extractor.templates(images)
    except extractor.ExtractorError as exc:
        raise inputs.fail(console, inputs.shorten(str(exc))) from None
    except Exception as exc:  # the decoders and dlib fail in many ways on hostile images
        raise inputs.fail(console, f"cannot extract templates ({inputs.one_line(exc)})") from None
    try:
        np.save(out, templates)
    except OSError as exc:
        raise inputs.fail(console, f"{out}: {inputs.one_line(exc)}") from None
    console.print(f"wrote {len(templates):,} templates of {templates.shape[1]} values → {out}")
