"""Identity engine benchmark, in one run:

* accuracy, per generator (--generators, default project,independent) and country, at --size
  (default 200,000 register persons) with --applications (default 2,000, a third absent): for
  the engine (through the CLI: `readmit registry load`, `readmit verify`), a naive exact-match
  baseline and Splink 5 (if installed: pip install -e '.[bench]'), on the same files: false
  confirmations, top-1, recall@5, auto-confirm, review share, refused lines, over all and per
  difficulty class; for the engine also candidate recall and the operating curve (confirm
  bounds 1e-3, 1e-4, 1e-5) from its Python API, load and verify times, and the targets;
* FEBRL4 through the CLI with the generic profile (identity_febrl.py);
* scale at each of --scale (default 1,000,000): register load time, peak memory and store
  size; single-application latency p50/p99 (one warm process); batch throughput of the CLI.

Writes bench/results/identity.json and identity.md.

Run: .venv/bin/python bench/identity.py [--generators project,independent] [--size N]
     [--applications N] [--countries CHN,GTM] [--scale N,N] [--scale-only] [--results DIR]
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import run_baselines
from identity_data import (
    READMIT,
    answers_by_line,
    check_generators,
    make_data,
    read_lines,
    run,
    run_command,
)
from identity_eval import engine_in_process, evaluate, read_outcomes, targets
from identity_febrl import febrl4
from identity_report import markdown

RESULTS = Path(__file__).resolve().parent / "results"


def _timed(home: Path, country: str, requests: list[Any]) -> dict[str, float]:
    """p50/p99 of single applications in a fresh engine (one untimed call first)."""
    from readmit.identity.engine import Engine
    from readmit.identity.store import store_path

    engine = Engine(country=country, store=store_path(home, country))
    engine.verify(requests[0])
    times = []
    for request in requests:
        start = time.perf_counter()
        engine.verify(request)
        times.append((time.perf_counter() - start) * 1000)
    engine.close()
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[max(int(len(times) * 0.99) - 1, 0)], 2),
    }


def latency(home: Path, country: str, applications: Path, sample: int = 500) -> dict[str, float]:
    """Single-application latency inside one warm process: first as the load left the page
    cache, then with the store's files read once beforehand, as a running server has them."""
    from pydantic import ValidationError

    from readmit.identity.schemas import VerifyRequest

    requests = []
    for line in read_lines(applications):
        try:
            requests.append(VerifyRequest.model_validate_json(line or ""))
        except ValidationError:
            continue  # refused lines are not timed
        if len(requests) == sample:
            break
    first = _timed(home, country, requests)
    for path in sorted((home / "identity").rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                while handle.read(1 << 24):
                    pass
    warm = _timed(home, country, requests)
    return {**warm, "first_pass_p50_ms": first["p50_ms"], "first_pass_p99_ms": first["p99_ms"]}


def start_model(home: Path, country: str) -> Any:
    """The model `readmit verify` starts from (it estimates m from there, then keeps it)."""
    from readmit.identity.engine import Engine

    engine = Engine.for_home(home=home, country=country)
    model = engine.model
    engine.close()
    return model


def accuracy(work: Path, generator: str, country: str, size: int, count: int) -> dict[str, Any]:
    """The engine and the baselines on one generator's register and applications."""
    home = work / f"home-{generator}-{country}-{size}"
    env = {**os.environ, "READMIT_HOME": str(home)}
    data = make_data(env, work, country, size, count, generator)
    answers = answers_by_line(data.applications, data.truth)
    results = work / f"{generator}-{country}-{size}.engine.jsonl"
    load_s, load_mb = run(env, "registry", "load", "--country", country, str(data.register))
    model = start_model(home, country)
    verify = run_command(
        env, [*READMIT, "verify", "--country", country, str(data.applications),
              "--out", str(results)], ok=(0, 2),
    )  # fmt: skip
    cli = read_outcomes(results, answers)
    engine = evaluate(cli) | engine_in_process(
        home, country, data.applications, answers, model, cli
    )
    entry: dict[str, Any] = {
        "data": {
            "generator": generator,
            "register": size,
            "applications": len(answers),
            "findable": sum(a["person_id"] is not None for a in answers),
            "classes": dict(Counter(str(a["difficulty"]) for a in answers).most_common()),
        },
        "timing": {
            "load_seconds": round(load_s, 1),
            "load_peak_mb": load_mb,
            "verify_seconds_incl_cli_start": round(verify.seconds, 2),
            "verify_cpu_seconds": verify.cpu_seconds,
            "verify_peak_mb": verify.peak_mb,
            "latency": latency(home, country, data.applications),
        },
        "matchers": {"engine": engine},
    }
    shutil.rmtree(home)
    baselines = run_baselines(
        country=country,
        register_csv=data.register,
        applications=data.applications,
        out_dir=work / f"baselines-{generator}",
    )
    for name, facts in baselines.items():
        found = facts.pop("results", None)
        entry["matchers"][name] = facts
        if isinstance(found, Path):
            entry["matchers"][name] |= evaluate(read_outcomes(found, answers))
    entry["targets"] = targets(entry)
    data.register.unlink()
    return entry


def scale(work: Path, country: str, size: int, count: int) -> dict[str, object]:
    """Load time, memory, store size, latency and batch throughput at one register size."""
    home = work / f"home-{country}-{size}"
    env = {**os.environ, "READMIT_HOME": str(home)}
    data = make_data(env, work, country, size, count)
    load_s, load_mb = run(env, "registry", "load", "--country", country, str(data.register))
    store = home / "identity" / f"{country.lower()}.sqlite"
    verify_s, verify_mb = run(
        env, "verify", "--country", country, str(data.applications),
        "--out", str(work / "scale.out.jsonl"), ok=(0, 2),
    )  # fmt: skip
    facts: dict[str, object] = {
        "register_size": size,
        "load_seconds": round(load_s, 1),
        "load_peak_mb": load_mb,
        "store_mb": round(
            sum(f.stat().st_size for f in store.parent.rglob("*") if f.is_file()) / 2**20, 1
        ),
        "latency": latency(home, country, data.applications),
        "batch_applications": count,
        "batch_seconds_incl_cli_start": round(verify_s, 2),
        "batch_per_second": round(count / verify_s, 1),
        "verify_peak_mb": verify_mb,
    }
    data.register.unlink()
    shutil.rmtree(home)
    return facts


ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = "READMIT_BENCH_SNAPSHOT"  # "commit:directory" in the process that runs a snapshot


def git(*args: str) -> str:
    """A read-only git command's output in the repository ('' when it fails)."""
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.rstrip() if done.returncode == 0 else ""


def run_snapshot(argv: list[str]) -> None:
    """Run the benchmark again over a copy of src/ as committed at HEAD (`git archive`), so
    that edits made while it runs are not measured; the copy is removed at the end."""
    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        raise SystemExit("--snapshot needs a git checkout")
    where = Path(tempfile.mkdtemp(prefix="readmit-bench-src-"))
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD", "src"], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive.stdout, check=True)
    paths = [str(where / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), SNAPSHOT: f"{commit}:{where}"}
    os.execve(sys.executable, [sys.executable, str(Path(__file__).resolve()), *argv], env)


def code_state() -> dict[str, object]:
    """The commit measured and the files under src/ that differ from it (read-only git)."""
    import readmit

    if SNAPSHOT in os.environ:
        commit, _, where = os.environ[SNAPSHOT].partition(":")
        if not Path(readmit.__file__).resolve().is_relative_to(Path(where).resolve()):
            raise SystemExit(f"readmit imported from {readmit.__file__}, not the snapshot")
        return {"commit": commit, "snapshot": True, "uncommitted_in_src": []}
    changed = git("status", "--porcelain", "--", "src")
    return {
        "commit": git("rev-parse", "--short", "HEAD") or None,
        "uncommitted_in_src": [line[3:] for line in changed.splitlines()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--generators", default="project,independent")
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--applications", type=int, default=2_000)
    parser.add_argument("--countries", default="CHN,GTM")
    parser.add_argument("--scale", default="1000000", help="register sizes, comma-separated")
    parser.add_argument(
        "--scale-only",
        action="store_true",
        help="run only the scale part and merge it into the existing results",
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the results go")
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="measure src/ as committed at HEAD, not the working tree being edited",
    )
    args = parser.parse_args()
    if args.snapshot and SNAPSHOT not in os.environ:
        run_snapshot(sys.argv[1:])
    generators = [g for g in args.generators.split(",") if g]
    countries = [c for c in args.countries.split(",") if c]
    if not args.scale_only:
        check_generators(generators)
    command = " ".join(["python", "bench/identity.py", *sys.argv[1:]])
    report: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "command": command,
        "code": code_state(),
        "accuracy": {},
        "febrl4": None,
        "scale": {},
    }
    if args.scale_only:
        report = json.loads((args.results / "identity.json").read_text())
        report["scale_command"] = command
        report["scale_code"] = code_state()
    sizes = [int(s) for s in args.scale.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="readmit-bench-") as tmp:
        if not args.scale_only:
            for generator in generators:
                report["accuracy"][generator] = {}
                for country in countries:
                    work = Path(tmp) / generator / country
                    work.mkdir(parents=True)
                    entry = accuracy(work, generator, country, args.size, args.applications)
                    report["accuracy"][generator][country] = entry
                    print(json.dumps({generator: {country: entry["targets"]}}), flush=True)
            report["febrl4"] = febrl4(Path(tmp) / "febrl4")
        for country in countries:
            work = Path(tmp) / "scale" / country
            work.mkdir(parents=True)
            runs = [r for r in report["scale"].get(country, []) if r["register_size"] not in sizes]
            runs += [scale(work, country, size, args.applications) for size in sizes]
            report["scale"][country] = sorted(runs, key=lambda r: r["register_size"])
            print(json.dumps({country: report["scale"][country]}), flush=True)
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "identity.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    )
    (args.results / "identity.md").write_text(markdown(report))
    print(markdown(report))
    if SNAPSHOT in os.environ:
        shutil.rmtree(os.environ[SNAPSHOT].partition(":")[2], ignore_errors=True)


if __name__ == "__main__":
    main()
