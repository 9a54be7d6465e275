"""`readmit registry`, `readmit verify` and `readmit synth`: the identity engine's commands."""

import json
import random
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from readmit.cli import engines, inputs
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
Encoding = Annotated[
    str, typer.Option(help="Text encoding of a CSV extract: utf-8, gb18030 or latin-1.")
]


def _encoding(name: str, path: Path) -> str:
    """The codec of an --encoding value; exit 2 for one Readmit does not read, or for a
    Parquet file (its text is UTF-8 by definition)."""
    import codecs

    from readmit.identity.batch import ENCODINGS, is_parquet

    try:
        codec = codecs.lookup(name).name
    except LookupError:
        codec = ""
    if codec not in ENCODINGS:
        known = ", ".join(e.option for e in ENCODINGS.values())
        raise inputs.fail(
            console, f"--encoding {inputs.shorten(name)!r} is not one of {known}", code=2
        )
    if codec != "utf-8" and is_parquet(path):
        raise inputs.fail(console, "--encoding is for CSV files; Parquet text is UTF-8", code=2)
    return codec


def _synthetic(code: str) -> str:
    """A country the project's generator has tables for; exit 2 for any other."""
    from typing import get_args

    from readmit.synth.project.generator import Country as Synthetic

    if code not in get_args(Synthetic):
        have = ", ".join(get_args(Synthetic))
        raise inputs.fail(
            console, f"no synthetic data for {code}; the generator has {have}", code=2
        )
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
    encoding: Encoding = "utf-8",
    engine: engines.EngineOption = engines.Engine.single,
    spark_master: engines.MasterOption = engines.DEFAULT_MASTER,
    spark_conf: engines.ConfOption = None,
) -> None:
    """Load a register extract; re-loading replaces rows by person_id. Bad rows (and a
    person_id repeated in the file) are listed by line and not loaded; exit status 3. A
    file that cannot be read as a whole is refused (exit 1) before anything is created.
    With --engine spark, the whole register is prepared anew as Parquet for Spark batches."""
    from readmit.identity.batch import RegisterFileError, count_rows, default_workers
    from readmit.identity.loader import load

    code = inputs.country(console, country, profile=True)
    codec = _encoding(encoding, path)
    if problem := inputs.problem(path):
        raise inputs.fail(console, problem)
    conf = engines.conf(console, spark_conf)
    store = store_path(get_settings().home, code)
    try:
        if engine is engines.Engine.spark:
            report = engines.load(
                path=path, country=code, master=spark_master, conf=conf, encoding=codec
            )
        else:
            total = count_rows(path, codec)
            with _progress() as progress:
                task = progress.add_task(f"loading {path.name}", total=total)
                report = load(
                    path=path,
                    country=code,
                    store=store,
                    progress=lambda n: progress.advance(task, n),
                    workers=default_workers(),
                    encoding=codec,
                )
    except (RegisterFileError, StoreError) as exc:
        raise inputs.fail(console, inputs.shorten(str(exc))) from None
    except (OSError, sqlite3.Error) as exc:
        where = getattr(exc, "filename", None) or store
        raise inputs.fail(console, f"{where}: {inputs.one_line(exc)}; nothing was loaded") from None
    except engines.SparkFailed as exc:
        raise inputs.fail(console, str(exc)) from None
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
    engine: engines.EngineOption = engines.Engine.single,
    spark_master: engines.MasterOption = engines.DEFAULT_MASTER,
    spark_conf: engines.ConfOption = None,
) -> None:
    """Rank register candidates for each application and recommend confirm/review/no_match.
    One result line per input line, in order; an unusable line gives {"line": N, "error"}.
    With --engine spark, against the register prepared by `registry load --engine spark`."""
    from readmit.identity import applications_file
    from readmit.identity.batch import default_workers
    from readmit.identity.verifying import verify_lines

    code = inputs.country(console, country, profile=True)
    if problem := inputs.problem(applications):
        raise inputs.fail(console, problem)
    inputs.check_outputs(console, [out], reads=[applications])
    conf = engines.conf(console, spark_conf)
    store = store_path(get_settings().home, code)
    if engine is engines.Engine.single and not store.exists():
        raise inputs.fail(
            console,
            f"no register loaded for {code}: {store} does not exist "
            f"(run `readmit registry load --country {code} FILE`)",
        )
    try:
        numbered = applications_file.read(applications)
    except OSError as exc:
        raise inputs.fail(console, f"{applications}: {inputs.one_line(exc)}") from None
    bad = 0
    counts = {"confirm": 0, "review": 0, "no_match": 0}
    try:
        with out.open("w", encoding="utf-8") as sink, _progress() as progress:
            valid = applications_file.valid(numbered)
            task = progress.add_task("verifying", total=len(numbered))
            progress.advance(task, len(numbered) - len(valid))
            results = (
                engines.verify_lines(
                    valid,
                    country=code,
                    master=spark_master,
                    conf=conf,
                    done=lambda: progress.advance(task),
                )
                if engine is engines.Engine.spark
                else verify_lines(
                    valid,
                    country=code,
                    home=get_settings().home,
                    workers=workers or default_workers(),
                    done=lambda: progress.advance(task),
                )
            )
            for number, result in applications_file.merged(numbered, results):
                if isinstance(result, str):
                    bad += 1
                    inputs.say(console, f"line {number}: {inputs.shorten(result)}")
                else:
                    counts[result.recommendation] += 1
                sink.write(applications_file.result_line(number, result) + "\n")
    except StoreError as exc:
        raise inputs.fail(console, str(exc)) from None
    except sqlite3.Error as exc:
        raise inputs.fail(console, f"the register store: {inputs.one_line(exc)}") from None
    except OSError as exc:
        raise inputs.fail(console, f"{exc.filename or out}: {inputs.one_line(exc)}") from None
    except engines.SparkFailed as exc:
        raise inputs.fail(console, str(exc)) from None
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

    code = _synthetic(inputs.country(console, country, profile=False))
    inputs.check_outputs(console, [out], reads=[])
    people = generate_register(country=code, size=size, seed=seed)  # type: ignore[arg-type]
    try:
        write_register_csv(out, people)
    except OSError as exc:
        raise inputs.fail(console, f"{out}: {inputs.one_line(exc)}") from None
    console.print(f"wrote {len(people):,} persons to {out}")


def _synth_people(path: Path, country: str, encoding: str) -> "list[SynthPerson]":
    """The persons of a register extract, for synthetic applications; exit 1 naming the first
    row that the loader would refuse or that lacks what the generator builds applications
    from (a birth date and a national ID)."""
    from datetime import date

    from readmit.identity.batch import (
        COLUMNS,
        BadRow,
        RegisterFileError,
        is_parquet,
        register_rows,
    )
    from readmit.identity.keying import check_row
    from readmit.synth.project.generator import SynthPerson

    people, unit = [], "row" if is_parquet(path) else "line"
    try:
        for line, raw in register_rows(path, encoding):
            if isinstance(raw, BadRow):
                raise inputs.fail(console, f"{path}: {unit} {line}: {raw.reason}")
            r = raw if isinstance(raw, dict) else dict(zip(COLUMNS, raw, strict=True))
            needs = next((f"no {c}" for c in ("birth_date", "national_id") if not r[c]), None)
            if reason := check_row(r, country) or needs:
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
    encoding: Encoding = "utf-8",
) -> None:
    """Applications about register persons (corrupted like foreign records) and absent ones."""
    from readmit.synth.project.generator import make_absent_person, make_application

    code = _synthetic(inputs.country(console, country, profile=False))
    codec = _encoding(encoding, register)
    if problem := inputs.problem(register):
        raise inputs.fail(console, problem)
    inputs.check_outputs(console, [out, truth], reads=[register])
    rng = random.Random(seed)
    people = _synth_people(register, code, codec)
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
