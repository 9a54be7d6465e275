"""Identity engine benchmark, in one run and on the same data per country:

* accuracy at --size (default 200,000 register persons, 2,000 applications, a third absent):
  false confirmations, top-1, recall@5, auto-confirm rate, recall at false-confirmation
  rates of 1e-3 and 1e-4, per difficulty class; for the engine, a naive exact-match baseline
  and Splink 5 (if installed: pip install -e '.[bench]');
* scale at each of --scale (default 1,000,000): register load time, peak memory and store
  size; single-application latency p50/p99 (one warm process); batch throughput of the CLI.

Writes bench/results/identity.json and identity.md.

Run: .venv/bin/python bench/identity.py [--size N] [--applications N] [--scale N,N]
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import run_baselines

RESULTS = Path(__file__).resolve().parent / "results"
READMIT = [sys.executable, "-m", "readmit"]
TIME = "/usr/bin/time"


def run(env: dict[str, str], *args: str) -> tuple[float, float | None]:
    """Run a CLI command; return its wall time and peak memory (MB, when measurable)."""
    wrapper = [TIME, "-f", "MAXRSS %M"] if Path(TIME).exists() else []
    start = time.perf_counter()
    done = subprocess.run(
        [*wrapper, *READMIT, *args], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    peaks = [line for line in done.stderr.splitlines() if line.startswith("MAXRSS ")]
    return seconds, (round(int(peaks[-1].split()[1]) / 1024) if peaks else None)


def recall_at(rows: list[tuple[float, bool]], findable: int, rate: float) -> float:
    """Best recall of confirming every application whose top score passes a threshold, with
    wrong confirmations at most `rate` of all applications."""
    allowed = int(rate * len(rows))
    wrong = right = best = 0
    for _score, correct in sorted(rows, key=lambda r: -r[0]):
        right += correct
        wrong += not correct
        if wrong <= allowed:
            best = max(best, right)
    return best / findable if findable else 0.0


BANDS = ((0.0, 0.5), (0.5, 0.9), (0.9, 0.99), (0.99, 0.9999), (0.9999, 1.01))


def calibration(scored: list[tuple[float, bool]]) -> list[dict[str, object]]:
    """Per score band of the first candidate: how many, the mean score, and how often the
    first candidate was in fact the applicant (a calibrated score matches the two)."""
    bands = []
    for low, high in BANDS:
        inside = [(s, right) for s, right in scored if low <= s < high]
        if inside:
            bands.append(
                {
                    "band": f"[{low}, {min(high, 1.0)}]",
                    "applications": len(inside),
                    "mean_score": round(statistics.fmean(s for s, _ in inside), 4),
                    "observed_right": round(sum(r for _, r in inside) / len(inside), 4),
                }
            )
    return bands


def evaluate(results: Path, truth: Path) -> dict[str, object]:
    """Accuracy figures for one results file against its answers."""
    answers = {a["application_id"]: a for a in map(json.loads, truth.open())}
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    scored: list[tuple[float, bool]] = []
    for line in results.open():
        result = json.loads(line)
        answer = answers[result["application_id"]]
        expected = answer["person_id"]
        ids = [c["person_id"] for c in result["candidates"]]
        top_right = bool(ids) and ids[0] == expected
        scored.append((result["candidates"][0]["score"] if ids else 0.0, top_right))
        for group in ("all", answer["difficulty"]):
            bucket = per[group]
            bucket["applications"] += 1
            bucket["findable"] += expected is not None
            bucket["top1"] += top_right
            bucket["recall5"] += expected is not None and expected in ids[:5]
            confirm = result["recommendation"] == "confirm"
            bucket["auto_confirmed"] += confirm and top_right
            bucket["false_confirmations"] += confirm and not top_right
    out: dict[str, object] = {}
    for group in ("all", "clean", "typical", "hard"):
        b = per[group]
        findable = b["findable"] or 1
        out[group] = {
            "applications": b["applications"],
            "findable": b["findable"],
            "false_confirmations": b["false_confirmations"],
            "top1": round(b["top1"] / findable, 4),
            "recall_at_5": round(b["recall5"] / findable, 4),
            "auto_confirm_rate": round(b["auto_confirmed"] / findable, 4),
        }
    out["calibration"] = calibration(scored)
    findable_all = per["all"]["findable"]
    out["recall_at_false_confirmation_1e-3"] = round(recall_at(scored, findable_all, 1e-3), 4)
    out["recall_at_false_confirmation_1e-4"] = round(recall_at(scored, findable_all, 1e-4), 4)
    return out


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
    from readmit.identity.schemas import VerifyRequest

    requests = [
        VerifyRequest.model_validate_json(line)
        for line in applications.read_text().splitlines()[:sample]
    ]
    first = _timed(home, country, requests)
    for path in sorted((home / "identity").rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                while handle.read(1 << 24):
                    pass
    warm = _timed(home, country, requests)
    return {**warm, "first_pass_p50_ms": first["p50_ms"], "first_pass_p99_ms": first["p99_ms"]}


def make_data(env: dict[str, str], work: Path, country: str, size: int, count: int) -> Path:
    """Synthetic register and applications in `work`; returns the register CSV."""
    register = work / f"{country}-{size}.csv"
    run(env, "synth", "register", "--country", country, "--size", str(size),
        "--out", str(register), "--seed", "1")  # fmt: skip
    run(env, "synth", "applications", "--country", country, "--register", str(register),
        "--count", str(count), "--out", str(work / f"{country}-{size}.jsonl"),
        "--truth", str(work / f"{country}-{size}.truth.jsonl"), "--seed", "2")  # fmt: skip
    return register


def accuracy(work: Path, country: str, size: int, count: int) -> dict[str, object]:
    """The engine and the baselines on one register and one set of applications."""
    home = work / f"home-{country}-{size}"
    env = {**os.environ, "READMIT_HOME": str(home)}
    register = make_data(env, work, country, size, count)
    apps, truth = work / f"{country}-{size}.jsonl", work / f"{country}-{size}.truth.jsonl"
    results = work / f"{country}-{size}.engine.jsonl"
    load_s, load_mb = run(env, "registry", "load", "--country", country, str(register))
    verify_s, _ = run(env, "verify", "--country", country, str(apps), "--out", str(results))
    report: dict[str, object] = {
        "engine": {
            "load_seconds": round(load_s, 1),
            "load_peak_mb": load_mb,
            "verify_batch_seconds_incl_cli_start": round(verify_s, 2),
            "latency": latency(home, country, apps),
            "accuracy": evaluate(results, truth),
        }
    }
    baselines = run_baselines(
        country=country, register_csv=register, applications=apps, out_dir=work / "baselines"
    )
    for name, facts in baselines.items():
        entry = {k: (str(v) if isinstance(v, Path) else v) for k, v in facts.items()}
        if isinstance(facts.get("results"), Path):
            entry["accuracy"] = evaluate(facts["results"], truth)
        report[name] = entry
    return report


def scale(work: Path, country: str, size: int, count: int) -> dict[str, object]:
    """Load time, memory, store size, latency and batch throughput at one register size."""
    home = work / f"home-{country}-{size}"
    env = {**os.environ, "READMIT_HOME": str(home)}
    register = make_data(env, work, country, size, count)
    apps = work / f"{country}-{size}.jsonl"
    load_s, load_mb = run(env, "registry", "load", "--country", country, str(register))
    store = home / "identity" / f"{country.lower()}.sqlite"
    verify_s, verify_mb = run(
        env, "verify", "--country", country, str(apps), "--out", str(work / "scale.out.jsonl")
    )
    facts = {
        "register_size": size,
        "load_seconds": round(load_s, 1),
        "load_peak_mb": load_mb,
        "store_mb": round(
            sum(f.stat().st_size for f in store.parent.rglob("*") if f.is_file()) / 2**20, 1
        ),
        "latency": latency(home, country, apps),
        "batch_applications": count,
        "batch_seconds_incl_cli_start": round(verify_s, 2),
        "batch_per_second": round(count / verify_s, 1),
        "verify_peak_mb": verify_mb,
    }
    register.unlink()
    return facts


def markdown(report: dict[str, object]) -> str:
    """The headline figures as tables."""
    lines = [
        "# Identity engine benchmark",
        "",
        f"Machine: {report['machine']}. Command: `{report['command']}`"
        + (f"; scale also `{report['scale_command']}`." if "scale_command" in report else "."),
        "",
        "## Accuracy",
        "",
        "| Country | Matcher | False confirmations | Top-1 | Recall@5 | Auto-confirm | "
        "Recall at 1e-3 | Recall at 1e-4 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for country, matchers in report["accuracy"].items():  # type: ignore[attr-defined]
        for name, facts in matchers.items():
            a = facts.get("accuracy")
            if not a:
                lines.append(f"| {country} | {name} | {facts.get('skipped', 'not run')} |||||| ")
                continue
            lines.append(
                f"| {country} | {name} | {a['all']['false_confirmations']} | "
                f"{a['all']['top1']} | {a['all']['recall_at_5']} | "
                f"{a['all']['auto_confirm_rate']} | {a['recall_at_false_confirmation_1e-3']} | "
                f"{a['recall_at_false_confirmation_1e-4']} |"
            )
    lines += [
        "",
        "## Scale",
        "",
        "p50/p99: store files in the page cache, as a running server has them; first pass: "
        "the page cache as the load left it (older runs measured only that pass).",
        "",
        "| Country | Register | Load (s) | Load peak (MB) | Store (MB) | p50 (ms) | p99 (ms) | "
        "First pass p50/p99 (ms) | Batch (apps/s) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for country, runs in report["scale"].items():  # type: ignore[attr-defined]
        for s in runs:
            lines.append(
                f"| {country} | {s['register_size']:,} | {s['load_seconds']} | "
                f"{round(s['load_peak_mb'] or 0)} | {s['store_mb']} | {s['latency']['p50_ms']} | "
                f"{s['latency']['p99_ms']} | {s['latency'].get('first_pass_p50_ms', '—')} / "
                f"{s['latency'].get('first_pass_p99_ms', '—')} | {s['batch_per_second']} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--applications", type=int, default=2_000)
    parser.add_argument("--countries", default="CHN,GTM")
    parser.add_argument("--scale", default="1000000", help="register sizes, comma-separated")
    parser.add_argument(
        "--scale-only",
        action="store_true",
        help="run only the scale part and merge it into the existing results",
    )
    args = parser.parse_args()
    command = " ".join(["python", "bench/identity.py", *sys.argv[1:]])
    report: dict[str, object] = {
        "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "command": command,
        "accuracy": {},
        "scale": {},
    }
    if args.scale_only:
        report = json.loads((RESULTS / "identity.json").read_text())
        report["scale_command"] = command
    sizes = [int(s) for s in args.scale.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="readmit-bench-") as tmp:
        for country in args.countries.split(","):
            work = Path(tmp) / country
            work.mkdir()
            if not args.scale_only:
                report["accuracy"][country] = accuracy(  # type: ignore[index]
                    work, country, args.size, args.applications
                )
            runs = [r for r in report["scale"].get(country, []) if r["register_size"] not in sizes]  # type: ignore[attr-defined]
            runs += [scale(work, country, size, args.applications) for size in sizes]
            report["scale"][country] = sorted(runs, key=lambda r: r["register_size"])  # type: ignore[index]
            print(json.dumps({country: report["scale"][country]}, indent=1), flush=True)  # type: ignore[index]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "identity.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "identity.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
