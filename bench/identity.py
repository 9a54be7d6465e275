"""Identity engine benchmark: synthetic registers and applications per country; load time,
accuracy (false confirmations, top-1, recall@5, auto-confirm, recall at fixed false-confirmation
rates, per difficulty) and latency. Writes bench/results/identity.{json,md}.

Run: .venv/bin/python bench/identity.py [--size 200000] [--applications 2000]"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
READMIT = [sys.executable, "-m", "readmit"]


def run(env: dict[str, str], *args: str) -> float:
    """Run a CLI command; return its wall time."""
    start = time.perf_counter()
    done = subprocess.run([*READMIT, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def recall_at(rows: list[tuple[float, bool, bool]], findable: int, rate: float) -> float:
    """Best recall of confirming every application whose top score passes a threshold, with
    wrong confirmations at most `rate` of all applications."""
    allowed = int(rate * len(rows))
    wrong = right = best = 0
    for _score, correct, _ in sorted(rows, key=lambda r: -r[0]):
        if correct:
            right += 1
        else:
            wrong += 1
        if wrong <= allowed:
            best = max(best, right)
    return best / findable if findable else 0.0


def evaluate(results: Path, truth: Path) -> dict[str, object]:
    """Accuracy figures for one results file against its answers."""
    answers = {a["application_id"]: a for a in map(json.loads, truth.open())}
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    scored: list[tuple[float, bool, bool]] = []
    for line in results.open():
        result = json.loads(line)
        answer = answers[result["application_id"]]
        expected = answer["person_id"]
        ids = [c["person_id"] for c in result["candidates"]]
        top_score = result["candidates"][0]["score"] if ids else 0.0
        top_right = bool(ids) and ids[0] == expected
        scored.append((top_score, top_right, expected is not None))
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
    for group, b in per.items():
        findable = b["findable"] or 1
        out[group] = {
            "applications": b["applications"],
            "findable": b["findable"],
            "false_confirmations": b["false_confirmations"],
            "top1": round(b["top1"] / findable, 4),
            "recall_at_5": round(b["recall5"] / findable, 4),
            "auto_confirm_rate": round(b["auto_confirmed"] / findable, 4),
        }
    findable_all = per["all"]["findable"]
    out["recall_at_false_confirmation_1e-3"] = round(recall_at(scored, findable_all, 1e-3), 4)
    out["recall_at_false_confirmation_1e-4"] = round(recall_at(scored, findable_all, 1e-4), 4)
    return out


def latency(home: Path, country: str, applications: Path, sample: int = 300) -> dict[str, float]:
    """Single-application latency inside one process (engine warm)."""
    from readmit.identity.engine import Engine
    from readmit.identity.schemas import VerifyRequest
    from readmit.identity.store import store_path

    engine = Engine(country=country, store=store_path(home, country))
    requests = [
        VerifyRequest.model_validate_json(line)
        for line in applications.read_text().splitlines()[:sample]
    ]
    times = []
    for request in requests:
        start = time.perf_counter()
        engine.verify(request)
        times.append((time.perf_counter() - start) * 1000)
    engine.close()
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[int(len(times) * 0.99) - 1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--applications", type=int, default=2_000)
    parser.add_argument("--countries", default="CHN,GTM")
    args = parser.parse_args()
    report: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "register_size": args.size,
        "applications": args.applications,
    }
    with tempfile.TemporaryDirectory(prefix="readmit-bench-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "READMIT_HOME": str(work / "home")}
        for country in args.countries.split(","):
            register, apps, truth, results = (
                work / f"{country}.{x}" for x in ("csv", "jsonl", "truth.jsonl", "out.jsonl")
            )
            run(
                env,
                "synth",
                "register",
                "--country",
                country,
                "--size",
                str(args.size),
                "--out",
                str(register),
                "--seed",
                "1",
            )
            run(
                env,
                "synth",
                "applications",
                "--country",
                country,
                "--register",
                str(register),
                "--count",
                str(args.applications),
                "--out",
                str(apps),
                "--truth",
                str(truth),
                "--seed",
                "2",
            )
            load_s = run(env, "registry", "load", "--country", country, str(register))
            verify_s = run(env, "verify", "--country", country, str(apps), "--out", str(results))
            os.environ["READMIT_HOME"] = env["READMIT_HOME"]
            report[country] = {
                "load_seconds": round(load_s, 1),
                "verify_batch_seconds_incl_cli_start": round(verify_s, 2),
                "latency": latency(work / "home", country, apps),
                "accuracy": evaluate(results, truth),
            }
    report["peak_rss_mb_of_bench_process"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "identity.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
