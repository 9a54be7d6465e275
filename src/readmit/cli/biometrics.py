"""`readmit biometrics`: load a gallery of templates, search probes, delete a person."""

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

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


def _open(country: str, modality: str) -> "tuple[sqlite3.Connection, store.Keys, int]":
    from readmit.biometrics import store

    code = country.strip().upper()
    if len(code) != 3 or not code.isalpha():
        console.print(f"[red]error:[/red] --country must be an alpha-3 code, not {country!r}")
        raise typer.Exit(2)
    if modality not in store.MODALITIES:
        known = ", ".join(store.MODALITIES)
        console.print(f"[red]error:[/red] unknown modality {modality!r}; known: {known}")
        raise typer.Exit(2)
    home = get_settings().home
    keys = store.Keys.for_gallery(home, code)
    return store.connect(store.gallery_path(home, code, modality)), keys, store.MODALITIES[modality]


def _array(path: Path) -> "np.ndarray":
    import numpy as np

    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        console.print(f"[red]error:[/red] {path}: not a readable .npy array ({exc})")
        raise typer.Exit(1) from None


@biometrics_app.command("load")
def load(
    country: Country,
    modality: Modality,
    ids: Annotated[Path, typer.Option(help="CSV with a person_id column, one row per template.")],
    templates: Annotated[Path, typer.Option(help=".npy array, one template per row.")],
) -> None:
    """Add (or replace) templates in the country's encrypted gallery."""
    from readmit.biometrics import store

    connection, keys, dimension = _open(country, modality)
    if not ids.is_file():
        console.print(f"[red]error:[/red] {ids}: no such file")
        raise typer.Exit(1)
    with ids.open(newline="", encoding="utf-8-sig") as handle:
        person_ids = [row.get("person_id", "").strip() for row in csv.DictReader(handle)]
    array = _array(templates)
    try:
        vectors = store.checked(array, dimension)
        if len(person_ids) != len(vectors) or not all(person_ids):
            raise store.TemplateError(
                f"{ids} has {len(person_ids)} person ids (blanks included)"
                f" for {len(vectors)} templates"
            )
    except store.TemplateError as exc:
        console.print(f"[red]error:[/red] {exc}; nothing was loaded")
        raise typer.Exit(1) from None
    connection.execute("BEGIN")
    store.put(connection, keys, person_ids, vectors)
    connection.execute("COMMIT")
    total = connection.execute("SELECT count(*) FROM templates").fetchone()[0]
    console.print(f"loaded {len(vectors):,} templates; the gallery holds {total:,}")


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

    connection, keys, dimension = _open(country, modality)
    try:
        vectors = store.checked(_array(probes), dimension)
    except store.TemplateError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    found = store.named(
        connection, keys, ann.search(connection, keys, vectors, top=top, exact=exact)
    )
    with out.open("w", encoding="utf-8") as sink:
        for row, candidates in enumerate(found):
            listed = [{"person_id": p, "score": s} for p, s in candidates]
            sink.write(json.dumps({"probe": row, "candidates": listed}) + "\n")
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

    connection, keys, _ = _open(country, modality)
    if not store.delete(connection, keys, person_id):
        console.print(f"[red]error:[/red] no template for {person_id}")
        raise typer.Exit(1)
    console.print(f"deleted the template of {person_id}")


@biometrics_app.command("purge")
def purge(
    country: Country,
    modality: Modality,
    older_than_days: Annotated[int, typer.Option(min=0, help="Retention period in days.")],
) -> None:
    """Apply a retention rule: delete templates enrolled longer ago than the period."""
    from readmit.biometrics import store

    connection, _, _ = _open(country, modality)
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

    if face_modality not in store.MODALITIES:
        console.print(f"[red]error:[/red] unknown modality {face_modality!r}")
        raise typer.Exit(2)
    subjects, bad = [], 0
    for path in files:
        try:
            subjects.append(nist.read(path, face_modality=face_modality))
        except store.TemplateError as exc:
            console.print(f"[red]error:[/red] {escape(f'{path}: {exc}')}")
            bad += 1
    if bad:
        console.print(f"{bad} of {len(files)} files refused; nothing was loaded")
        raise typer.Exit(1)
    for modality in sorted({m for subject in subjects for m in subject.templates}):
        people = [s for s in subjects if modality in s.templates]
        connection, keys, _ = _open(country, modality)
        connection.execute("BEGIN")
        store.put(
            connection,
            keys,
            [s.person_id for s in people],
            np.vstack([s.templates[modality] for s in people]),
        )
        connection.execute("COMMIT")
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

    try:
        templates = extractor.templates(images)
    except extractor.ExtractorError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    np.save(out, templates)
    console.print(f"wrote {len(templates):,} templates of {templates.shape[1]} values → {out}")
