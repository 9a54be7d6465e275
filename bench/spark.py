"""The identity engine on one machine and on Spark (local mode), at --sizes (default 1,000,000
and 10,000,000 register persons), through the real commands on the same files:

* register load: `readmit registry load` and `readmit registry load --engine spark`;
* batch verification of --applications (default 2,000) applications: `readmit verify` and
  `readmit verify --engine spark`, and whether both wrote the same result lines;
* wall time, and peak memory: of the largest process, and of the whole process tree (in
  local mode the Spark driver is the one executor: the JVM and its Python workers), sampled
  from /proc twice a second.

Writes bench/results/spark.json and spark.md (with the capacity plan for 1.4 billion derived
from the largest size measured).

Run: .venv/bin/python bench/spark.py [--sizes N,N] [--applications N] [--master local[*]]
     [--results DIR]
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from identity_data import READMIT, make_data
from spark_plan import plan_markdown

RESULTS = Path(__file__).resolve().parent / "results"


def _tree_rss(root: int) -> tuple[int, int]:
    """(sum, largest) resident set of a process and its descendants, in kB."""
    parents: dict[int, int] = {}
    sizes: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip())
        sizes[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, changed = {root}, True
    while changed:
        grown = {pid for pid, parent in parents.items() if parent in tree} | tree
        changed, tree = grown != tree, grown
    values = [sizes.get(pid, 0) for pid in tree]
    return sum(values), max(values, default=0)


def timed(env: dict[str, str], *args: str, ok: tuple[int, ...] = (0, 2, 3)) -> dict[str, float]:
    """Run a readmit command; wall seconds and peak memory (MB) of the tree and its largest
    process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [*READMIT, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peaks = [0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            total, largest = _tree_rss(process.pid)
            peaks[0], peaks[1] = max(peaks[0], total), max(peaks[1], largest)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    stop.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if process.returncode not in ok:
        kept = Path(tempfile.mkstemp(prefix="readmit-spark-bench-", suffix=".stderr")[1])
        kept.write_text(err)
        raise SystemExit(
            f"readmit {' '.join(args)} failed ({process.returncode}); its whole stderr is in "
            f"{kept}:\n{err[-3000:]}"
        )
    return {
        "seconds": round(seconds, 1),
        "peak_tree_mb": round(peaks[0] / 1024),
        "peak_process_mb": round(peaks[1] / 1024),
    }


def measure(work: Path, size: int, count: int, master: str, conf: list[str]) -> dict[str, object]:
    """Both engines at one register size."""
    home = work / f"home-{size}"
    env = {**os.environ, "READMIT_HOME": str(home)}
    started = time.perf_counter()
    data = make_data(env, work, "CHN", size, count)
    generated = time.perf_counter() - started
    spark = ["--engine", "spark", "--spark-master", master]
    for pair in conf:
        spark += ["--spark-conf", pair]
    outputs = {"single": work / "single.jsonl", "spark": work / "spark.jsonl"}
    facts: dict[str, object] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "load_average_at_start": os.getloadavg(),
        "register_size": size,
        "applications": count,
        "generated_seconds": round(generated, 1),
        "single_load": timed(env, "registry", "load", "--country", "CHN", str(data.register)),
        "spark_load": timed(
            env, "registry", "load", "--country", "CHN", str(data.register), *spark
        ),
    }
    facts["spark_store_mb"] = round(
        sum(f.stat().st_size for f in (home / "identity" / "chn.spark").rglob("*") if f.is_file())
        / 2**20
    )
    facts["single_verify"] = timed(
        env, "verify", "--country", "CHN", str(data.applications), "--out", str(outputs["single"])
    )
    facts["spark_verify"] = timed(
        env, "verify", "--country", "CHN", str(data.applications),
        "--out", str(outputs["spark"]), *spark,
    )  # fmt: skip
    facts["identical_results"] = outputs["single"].read_bytes() == outputs["spark"].read_bytes()
    facts["load_average_at_end"] = os.getloadavg()
    for engine in ("single", "spark"):
        seconds = float(facts[f"{engine}_verify"]["seconds"])  # type: ignore[index]
        facts[f"{engine}_verify_per_second"] = round(count / seconds, 1)
    shutil.rmtree(home)
    for path in (data.register, data.applications, data.truth, *outputs.values()):
        path.unlink(missing_ok=True)
    return facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--spark-conf", action="append", default=[], metavar="spark.KEY=VALUE")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    machine = {
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
    }
    report: dict[str, object] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "master": args.master,
        "spark_conf": args.spark_conf,
        "machine": machine,
        "runs": [],
    }
    args.results.mkdir(parents=True, exist_ok=True)
    stored = args.results / "spark.json"
    # Runs of other sizes measured before are kept (each says when and under what load).
    runs: list[dict[str, object]] = [
        run
        for run in (json.loads(stored.read_text())["runs"] if stored.exists() else [])
        if run["register_size"] not in sizes
    ]
    report["runs"] = runs
    with tempfile.TemporaryDirectory(prefix="readmit-spark-bench-") as tmp:
        for size in sizes:
            run = measure(Path(tmp), size, args.applications, args.master, args.spark_conf)
            runs.append(run)
            runs.sort(key=lambda r: int(r["register_size"]))  # type: ignore[call-overload]
            print(json.dumps(run), flush=True)
            stored.write_text(json.dumps(report, indent=1) + "\n")
    (args.results / "spark.md").write_text(plan_markdown(report))


if __name__ == "__main__":
    main()
