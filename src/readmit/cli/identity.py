"""`readmit registry`, `readmit verify` and `readmit synth`: the identity engine's commands."""

import json
import random
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from readmit.cli import inputs
from readmit.config import get_settings
from readmit.identity.store import StoreError, store_path

if TYPE_CHECKING:
    from readmit.synth.project.generator import SynthPerson

registry_app = typer.Typer(
    help="The requested state's register in the identity engine.", no_args_is_help=True
)
synth_app = typer.Typer(help="Synthetic registers and applications.", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)
Country = Annotated[str, typer.Option(help="ISO 3166-1 alpha-3 code, e.g. CHN or GTM.")]
MAX_LINE = 1 << 20  # bytes in one application line: a few templates make a few kB


def _country(code: str) -> str:
    code = code.strip().upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise inputs.fail(console, f"--country must be an alpha-3 code, not {code!r}", code=2)
    return code


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


@registry_app.command("load")
def registry_load(
    country: Country,
    path: Annotated[Path, typer.Argument(help="Register extract: CSV or Parquet.")],
) -> None:
    """Load a register extract; re-loading replaces rows by person_id. Bad rows (and a
    person_id repeated in the file) are listed by line and not loaded; exit status 3."""
    from readmit.identity.batch import RegisterFileError, count_rows, default_workers
    from readmit.identity.loader import load

    code = _country(country)
    if problem := inputs.problem(path):
        raise inputs.fail(console, problem)
    store = store_path(get_settings().home, code)
    try:
        total = count_rows(path)
        with _progress() as progress:
            task = progress.add_task(f"loading {path.name}", total=total)
            report = load(
                path=path,
                country=code,
                store=store,
                progress=lambda n: progress.advance(task, n),
                workers=default_workers(),
            )
    except (RegisterFileError, StoreError) as exc:
        raise inputs.fail(console, inputs.shorten(str(exc))) from None
    except (OSError, sqlite3.Error) as exc:
        where = getattr(exc, "filename", None) or store
        raise inputs.fail(console, f"{where}: {inputs.one_line(exc)}; nothing was loaded") from None
    for line, reason in report.bad:
        inputs.say(console, f"{report.unit} {line}: {inputs.shorten(reason)}")
    console.print(
        f"loaded {report.loaded:,} rows ({report.replaced:,} replaced), "
        f"{len(report.bad):,} bad rows skipped and listed above"
    )
    if report.bad:
        raise typer.Exit(3)


def verify(
    country: Country,
    applications: Annotated[Path, typer.Argument(help="Applications, one JSON object a line.")],
    out: Annotated[Path, typer.Option(help="Results file, one JSON object a line.")],
    workers: Annotated[int, typer.Option(min=0, help="Worker processes; 0: one per core.")] = 0,
) -> None:
    """Rank register candidates for each application and recommend confirm/review/no_match.
    One result line per input line, in order; an unusable line gives {"line": N, "error"}."""
    from readmit.identity.batch import default_workers, verify_lines

    code = _country(country)
    if problem := inputs.problem(applications):
        raise inputs.fail(console, problem)
    try:
        numbered = [
            (number, text, issue or ("empty line" if not text.strip() else None))
            for number, text, issue in inputs.lines(applications, max_bytes=MAX_LINE)
        ]
    except OSError as exc:
        raise inputs.fail(console, f"{applications}: {inputs.one_line(exc)}") from None
    bad = 0
    counts = {"confirm": 0, "review": 0, "no_match": 0}
    try:
        with out.open("w", encoding="utf-8") as sink, _progress() as progress:
            valid = [text for _, text, issue in numbered if issue is None]
            task = progress.add_task("verifying", total=len(numbered))
            progress.advance(task, len(numbered) - len(valid))
            results = verify_lines(
                valid,
                country=code,
                home=get_settings().home,
                workers=workers or default_workers(),
                done=lambda: progress.advance(task),
            )
            for number, _, issue in numbered:
                result = issue or next(results)
                if isinstance(result, str):
                    bad += 1
                    inputs.say(console, f"line {number}: {inputs.shorten(result)}")
                    sink.write(json.dumps({"line": number, "error": result}) + "\n")
                    continue
                counts[result.recommendation] += 1
                sink.write(result.model_dump_json() + "\n")
    except StoreError as exc:
        raise inputs.fail(console, str(exc)) from None
    except sqlite3.Error as exc:
        raise inputs.fail(console, f"the register store: {inputs.one_line(exc)}") from None
    except OSError as exc:
        raise inputs.fail(console, f"{exc.filename or out}: {inputs.one_line(exc)}") from None
    console.print(
        ", ".join(f"{k}: {v:,}" for k, v in counts.items()) + f"; invalid lines: {bad:,} → {out}"
    )
    if bad:
        raise typer.Exit(2)


@synth_app.command("register")
def synth_register(
    country: Country,
    size: Annotated[int, typer.Option(min=1, help="Number of persons.")],
    out: Annotated[Path, typer.Option(help="CSV file to write.")],
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
) -> None:
    """Write a synthetic register extract in the load format."""
    from readmit.synth.project.generator import generate_register, write_register_csv

    code = _country(country)
    people = generate_register(country=code, size=size, seed=seed)  # type: ignore[arg-type]
    try:
        write_register_csv(out, people)
    except OSError as exc:
        raise inputs.fail(console, f"{out}: {inputs.one_line(exc)}") from None
    console.print(f"wrote {len(people):,} persons to {out}")


def _synth_people(path: Path, country: str) -> "list[SynthPerson]":
    """The persons of a register extract, for synthetic applications; exit 1 naming the first
    row that the loader would refuse or that has no birth date."""
    from datetime import date

    from readmit.identity.batch import COLUMNS, RegisterFileError, is_parquet, register_rows
    from readmit.identity.loader import check_row
    from readmit.synth.project.generator import SynthPerson

    if problem := inputs.problem(path):
        raise inputs.fail(console, problem)
    people, unit = [], "row" if is_parquet(path) else "line"
    try:
        for line, raw in register_rows(path):
            r = raw if isinstance(raw, dict) else dict(zip(COLUMNS, raw, strict=True))
            if reason := check_row(r, country) or ("" if r["birth_date"] else "no birth_date"):
                raise inputs.fail(console, f"{path}: {unit} {line}: {inputs.shorten(reason)}")
            people.append(
                SynthPerson(
                    person_id=r["person_id"],
                    national_id=r["national_id"],
                    family_name=r["family_name"],
                    given_names=r["given_names"],
                    family_name_latin=r["family_name_latin"],
                    given_names_latin=r["given_names_latin"],
                    sex=r["sex"],
                    birth_date=date.fromisoformat(r["birth_date"]),
                    birth_place=r["birth_place"],
                    mother_name=r["mother_name"],
                    father_name=r["father_name"],
                    passport_numbers=[n for n in r["passport_numbers"].split(";") if n],
                )
            )
    except RegisterFileError as exc:
        raise inputs.fail(console, inputs.shorten(str(exc))) from None
    if not people:
        raise inputs.fail(console, f"{path}: no persons to draw applications from")
    return people


@synth_app.command("applications")
def synth_applications(
    country: Country,
    register: Annotated[Path, typer.Option(help="Register CSV written by `synth register`.")],
    count: Annotated[int, typer.Option(min=1, help="Number of applications.")],
    out: Annotated[Path, typer.Option(help="Applications JSONL to write.")],
    truth: Annotated[Path, typer.Option(help="Ground truth JSONL to write.")],
    absent_share: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Share of applicants not in the register.")
    ] = 1 / 3,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
) -> None:
    """Applications about register persons (corrupted like foreign records) and absent ones."""
    from readmit.synth.project.generator import make_absent_person, make_application

    code = _country(country)
    rng = random.Random(seed)
    people = _synth_people(register, code)
    ids = {p.national_id for p in people}
    try:
        sink, answers = out.open("w", encoding="utf-8"), truth.open("w", encoding="utf-8")
    except OSError as exc:
        raise inputs.fail(console, f"{exc.filename}: {inputs.one_line(exc)}") from None
    with sink, answers:
        for i in range(count):
            absent = rng.random() < absent_share
            person = (
                make_absent_person(
                    country=code,  # type: ignore[arg-type]
                    rng=rng,
                    exclude_national_ids=ids,
                )
                if absent
                else rng.choice(people)
            )
            corruption = rng.choices(["clean", "typical", "hard"], weights=[2, 5, 3])[0]
            application_id = f"{code}-APP-{i + 1:06d}"
            sink.write(
                json.dumps(
                    {
                        "application_id": application_id,
                        "requesting_state": "USA",
                        "requested_state": code,
                        "person": make_application(
                            person,
                            requested_state=code,
                            rng=rng,
                            corruption=corruption,  # type: ignore[arg-type]
                        ),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            answers.write(
                json.dumps(
                    {
                        "application_id": application_id,
                        "person_id": None if absent else person.person_id,
                        "difficulty": corruption,
                    }
                )
                + "\n"
            )
    console.print(f"wrote {count:,} applications to {out} and the answers to {truth}")
