"""Load benchmark: simulated officers of both states against a real `readmit serve`.

Starts `readmit serve` on a free loopback port with a fresh READMIT_HOME (SQLite, or a fresh
schema of the PostgreSQL database given by --database-url, dropped afterwards), seeds the
demo (`readmit demo --seed-only --json`) and a caseload of several hundred applications
through the API, then runs the officers (bench/load_client.py) for --duration seconds, stops
the server and runs `readmit audit verify` and `readmit check` on what is left. Writes
bench/results/load.json and .md; a run replaces the earlier run of the same backend, officer
count and think time, and keeps the others.

Run: .venv/bin/python bench/load.py [--database-url postgresql://postgres@127.0.0.1:5432/test]
     [--officers 50] [--duration 60] [--think 0.5-1.5 | --think 0] [--workers N]
     [--shift-start 20]
"""

import argparse
import asyncio
import contextlib
import datetime
import json
import math
import os
import platform
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from load_client import (
    READ,
    SHIFT_START,
    WRITE,
    Plan,
    Recorder,
    Sample,
    User,
    run_officers,
    seed_caseload,
    team,
)

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent
TARGETS = {READ: 200.0, WRITE: 500.0}  # p99 ms
Server = subprocess.Popen[bytes]
NOTES = """\
How it works: [bench/README.md](../README.md#load). Latency is measured at the client,
connection set-up included. Errors: status >= 500, timeouts, connection failures, requests cut
off --margin s after the end; they count in the percentiles with their time to failure. 409 is
counted apart (not an error); other 4xx are `rejected`. Officers: 32% USA case officers, 36%
CHN/GTM verifiers, 20% analysts, 6% a USA protection officer, 6% a USA supervisor; 60% use the
pages, 40% the API. Officers start work one by one at random moments of the shift start
(--shift-start, 20 s by default), page users by logging in (an argon2id check costs a core for
about 0.1 s, so 30 logins in one second cannot each take under 0.5 s on 2 cores); what is done
then is reported in `shift start` rows, outside the read/write targets. The measured period
follows, with everyone at work: think time 0.5-1.5 s by default (about 50 requests/s offered
by 50 officers), 0: closed loop. The
client shares the machine: its CPU and event-loop lag are shown, and for the server the CPU
it used, the time its threads waited for a CPU, and how busy the machine was (others
included)."""


def machine() -> dict[str, Any]:
    """Cores, memory and load of this machine."""
    meminfo = Path("/proc/meminfo").read_text().split()
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 2**20, 1),
        "python": platform.python_version(),
        "loadavg_before": round(os.getloadavg()[0], 2),
    }


def git_commit() -> dict[str, Any]:
    """The commit measured, and whether the checkout had uncommitted changes."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True, text=True
    )
    return {"commit": head.stdout.strip(), "src_uncommitted_changes": bool(dirty.stdout.strip())}


def readmit(*args: str) -> list[str]:
    """The `readmit` command of this interpreter's environment."""
    script = Path(sys.executable).parent / "readmit"
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "readmit", *args]


def has_option(env: dict[str, str], command: list[str], option: str) -> bool:
    """Whether `readmit COMMAND --help` exists and mentions the option."""
    shown = subprocess.run(readmit(*command, "--help"), env=env, capture_output=True, text=True)
    return shown.returncode == 0 and option in shown.stdout


def pg_schema(url: str, create: bool, schema: str) -> str:
    """Create (or drop) a schema; the URL that puts it first on the search path."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        verb = f'CREATE SCHEMA "{schema}"' if create else f'DROP SCHEMA "{schema}" CASCADE'
        conn.execute(sqlalchemy.text(verb))
    engine.dispose()
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def proc_tree(root: int) -> list[int]:
    """The process and all its descendants (the kernel lists each thread's children)."""
    tree = [root]
    for pid in tree:  # grows while walked
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{pid}/task").iterdir():
                tree += [int(c) for c in (task / "children").read_text().split()]
    return tree


def usage(pids: list[int]) -> tuple[dict[int, float], dict[int, float], float]:
    """Per process CPU seconds, per thread seconds runnable but waiting for a CPU, resident MB."""
    cpu, waited, pages = {}, {}, 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            tasks = list(Path(f"/proc/{pid}/task").iterdir())
        except OSError:
            continue
        cpu[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        pages += int(fields[21])
        for task in tasks:  # threads come and go: a vanished one is skipped
            with contextlib.suppress(OSError):
                waited[int(task.name)] = int((task / "schedstat").read_text().split()[1]) / 1e9
    return cpu, waited, pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def grown(now: dict[int, float], before: dict[int, float]) -> float:
    """What the counters of the processes or threads alive now added since `before`."""
    return sum(value - before.get(key, 0.0) for key, value in now.items())


def machine_busy() -> tuple[float, float]:
    """Busy and total jiffies of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(values) - values[3] - values[4], sum(values)


async def watch_server(pid: int, samples: list[dict[str, float]]) -> None:
    """Each second: CPU used by the server tree, its CPU wait, RSS, the machine's busy share."""
    cpu, wait, _ = usage(proc_tree(pid))
    busy, total, at = *machine_busy(), time.perf_counter()
    while True:
        await asyncio.sleep(1)
        last = (cpu, wait, busy, total, at)
        cpu, wait, rss = usage(proc_tree(pid))
        busy, total, at = *machine_busy(), time.perf_counter()
        sample = {"cores": grown(cpu, last[0]) / (at - last[4]), "cpu_wait_s": grown(wait, last[1])}
        sample["busy"] = 100 * (busy - last[2]) / max(1, total - last[3])
        samples.append(sample | {"rss_mb": rss})


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of a sorted list."""
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 1) if ordered else 0.0


def stats(samples: list[Sample], seconds: float) -> dict[str, Any]:
    """Counts and latency of a group of requests."""
    ms = sorted(s.ms for s in samples)
    outcomes = Counter(s.outcome for s in samples)
    return {"count": len(samples), "conflicts_409": outcomes["conflict"],
            "rejected_4xx": outcomes["rejected"], "errors": outcomes["error"],
            "p50_ms": percentile(ms, 0.5), "p95_ms": percentile(ms, 0.95),
            "p99_ms": percentile(ms, 0.99), "max_ms": round(ms[-1], 1) if ms else 0.0,
            "per_second": round(len(samples) / seconds, 1)}  # fmt: skip


def summarise(recorder: Recorder, seconds: float, shift_start: float) -> dict[str, Any]:
    """Per kind, reads, writes and everything."""
    samples = recorder.samples
    kinds = sorted({(s.cls, s.kind) for s in samples})
    return {
        "kinds": {
            (k if c != SHIFT_START else f"{k} ({c})"): {"class": c}
            | stats(
                [s for s in samples if (s.cls, s.kind) == (c, k)],
                shift_start if c == SHIFT_START else seconds,
            )
            for c, k in kinds
        },
        "reads": stats([s for s in samples if s.cls == READ], seconds),
        "writes": stats([s for s in samples if s.cls == WRITE], seconds),
        "all": stats([s for s in samples if s.cls != SHIFT_START], seconds),
        "windows": windows(samples),
        "slowest": [
            {"kind": x.kind, "at_s": round(x.at, 2), "ms": round(x.ms, 1), "status": x.status}
            for x in sorted(samples, key=lambda x: x.ms)[-12:][::-1]
        ],
        "statuses": dict(sorted(Counter(str(s.status) for s in samples).items())),
        "failures": dict(recorder.reasons.most_common(20)),
        "failure_examples": dict(list(recorder.examples.items())[:10]),
    }


def windows(samples: list[Sample], width: float = 10.0) -> list[dict[str, float]]:
    """p99 of reads and writes per `width` seconds of the run, by when requests started: a
    burst (e.g. everybody logging in at once) shows apart from the steady state."""
    out = []
    for start in range(0, int(max((s.at for s in samples), default=0)) + 1, int(width)):
        inside = [s for s in samples if start <= s.at < start + width]
        reads = sorted(s.ms for s in inside if s.cls == READ)
        writes = sorted(s.ms for s in inside if s.cls == WRITE)
        out.append({"from_s": start, "requests": len(inside),
                    "reads_p99_ms": percentile(reads, 0.99),
                    "writes_p99_ms": percentile(writes, 0.99)})  # fmt: skip
    return out


EXCEPTION = re.compile(r"^[a-z_.0-9]*[A-Z]\w*(Error|Exception|Timeout|Failure)\b")


def server_log(text: str) -> dict[str, Any]:
    """What the server logged during the run: statuses, exception lines, and the first error:
    its ERROR line, its last frames in readmit's code, its final exception."""
    lines = text.splitlines()
    statuses = Counter(re.findall(r'HTTP/1\.1" (\d)\d\d', text))
    exceptions = Counter(line.strip()[:200] for line in lines if EXCEPTION.match(line.strip()))
    errors = [i for i, line in enumerate(lines) if line.startswith("ERROR")]
    block = lines[errors[0] : errors[0] + 400] if errors else []
    block = block[: next((i for i, x in enumerate(block) if x.startswith("INFO")), len(block))]
    ours = [
        i for i, line in enumerate(block) if "/readmit/" in line and "site-packages" not in line
    ]
    frames = [block[j].strip() for i in ours[-6:] for j in (i, i + 1) if j < len(block)]
    final = [line for line in block if EXCEPTION.match(line)][-1:]
    return {
        "responses_by_class": {f"{k}xx": v for k, v in sorted(statuses.items())},
        "tracebacks": text.count("Traceback (most recent call last)"),
        "error_lines": len(errors),
        "exceptions": dict(exceptions.most_common(8)),
        "first_error": "\n".join(block[:1] + frames + final),
    }


def after(env: dict[str, str], command: list[str]) -> dict[str, Any]:
    """Run a readmit command in the server's environment; its exit status and output."""
    try:
        done = subprocess.run(readmit(*command), env=env, capture_output=True, text=True,
                              timeout=600)  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"exit": None, "output": "timed out after 600 s"}
    output = (done.stdout + done.stderr).strip().splitlines()
    return {"exit": done.returncode, "output": "\n".join(output[-20:])}


def payloads(seed: int) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Applications about persons of the demo registers, as a requesting officer writes them."""
    from readmit.demo.seed import REGISTER_SIZE
    from readmit.synth.project.generator import generate_register, make_application

    rng, pools = random.Random(seed), {}
    for country in ("CHN", "GTM"):
        people = generate_register(country=country, size=REGISTER_SIZE, seed=7)  # as the demo
        pools[country] = [
            (p.person_id, {"requested_state": country,
                           "person": make_application(p, requested_state=country, rng=rng)})
            for p in people
        ]  # fmt: skip
    return pools


def start_server(env: dict[str, str], port: int, workers: int | None, log: Path) -> Server:
    """`readmit serve` on loopback; returns once it answers (or raises with its log)."""
    command = readmit("serve", "--host", "127.0.0.1", "--port", str(port))
    command += ["--workers", str(workers)] if workers else []
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)  # fmt: skip
    for _ in range(240):
        if server.poll() is not None:
            raise RuntimeError(
                f"readmit serve exited {server.returncode}: {log.read_text()[-2000:]}"
            )
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise RuntimeError(f"readmit serve did not answer in 120 s: {log.read_text()[-2000:]}")


def stop_server(server: Server) -> None:
    """SIGTERM, then SIGKILL to its process group after 30 s."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """One benchmark run, start to finish; the server is always stopped."""
    backend = "postgresql" if args.database_url else "sqlite"
    started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    report: dict[str, Any] = {"date": started, **git_commit(), "machine": machine()}
    with tempfile.TemporaryDirectory(prefix="readmit-load-") as tmp:
        env = {**os.environ, "READMIT_HOME": str(Path(tmp) / "home"), "PYTHONUNBUFFERED": "1"}
        env.pop("READMIT_DATABASE_URL", None)
        schema = f"load_{uuid.uuid4().hex[:8]}"
        if args.database_url:
            env["READMIT_DATABASE_URL"] = pg_schema(args.database_url, True, schema)
        try:
            report |= measure(args, env, Path(tmp), backend)
        finally:
            if args.database_url:
                pg_schema(args.database_url, False, schema)
    return report


def measure(
    args: argparse.Namespace, env: dict[str, str], tmp: Path, backend: str
) -> dict[str, Any]:
    """Seed, serve, load, stop, check."""
    workers = args.workers or (os.cpu_count() if backend == "postgresql" else None)
    workers_note = ""
    if workers and not has_option(env, ["serve"], "--workers"):
        workers_note, workers = f"no `readmit serve --workers` yet: 1 process, not {workers}", None
    demo = readmit("demo", "--seed-only", "--json")
    seeded = subprocess.run(demo, env=env, capture_output=True, text=True)
    if seeded.returncode:
        raise RuntimeError(f"readmit demo failed ({seeded.returncode}): {seeded.stderr[-1500:]}")
    fields = User.__dataclass_fields__
    users = [User(**{k: v for k, v in u.items() if k in fields}) for u in json.loads(seeded.stdout)]
    pools = payloads(args.seed)
    port, log = free_port(), tmp / "server.log"
    server = start_server(env, port, workers, log)
    creates = [body for pool in pools.values() for _, body in pool]
    plan = Plan(f"http://127.0.0.1:{port}", args.officers, args.duration, args.think_range,
                args.timeout, args.margin, args.seed, creates, args.shift_start)  # fmt: skip
    try:
        print(f"server {plan.base_url} ({backend}, workers {workers or 1}); seeding…", flush=True)
        caseload = asyncio.run(seed_caseload(plan, users, args.cases, pools))
        print(f"caseload: {json.dumps(caseload)}", flush=True)
        mark, samples = log.stat().st_size, list[dict[str, float]]()
        usage = resource.getrusage(resource.RUSAGE_SELF)

        async def load() -> tuple[Recorder, dict[str, float]]:
            watcher = asyncio.create_task(watch_server(server.pid, samples))
            try:
                return await run_officers(plan, users)
            finally:
                watcher.cancel()

        print(f"{args.officers} officers for {args.duration} s…", flush=True)
        recorder, client = asyncio.run(load())
        client["machine_loadavg_after"] = round(os.getloadavg()[0], 2)
        now = resource.getrusage(resource.RUSAGE_SELF)
        used = now.ru_utime + now.ru_stime - usage.ru_utime - usage.ru_stime
        client["client_cpu_s"] = round(used, 1)
    finally:
        stop_server(server)
    with log.open("rb") as handle:
        handle.seek(mark)
        during = handle.read().decode(errors="replace")
    results = summarise(recorder, client["elapsed_s"], plan.shift_start)
    checks = {"audit_verify": after(env, ["audit", "verify"])}
    absent = {"exit": None, "output": "`readmit check` does not exist in this checkout yet"}
    checks["check"] = after(env, ["check"]) if has_option(env, ["check"], "Usage") else absent
    cores = [s["cores"] for s in samples] or [0.0]
    return {
        "backend": backend,
        "workers": workers or 1,
        "workers_note": workers_note,
        "officers": args.officers,
        "team": Counter(
            f"{u.role} {u.state} {'page' if p else 'api'}" for u, p in team(users, args.officers)
        ),
        "duration_s": args.duration,
        "think_s": list(args.think_range),
        "timeout_s": args.timeout,
        "caseload": caseload,
        "client": client,
        "server": {
            "cpu_cores_mean": round(sum(cores) / len(cores), 2),
            "cpu_cores_max": round(max(cores), 2),
            "cpu_wait_s": round(sum(s["cpu_wait_s"] for s in samples), 1),
            "rss_mb_max": round(max((s["rss_mb"] for s in samples), default=0)),
            "machine_cpu_busy_pct": round(sum(s["busy"] for s in samples) / max(1, len(samples))),
            "log": server_log(during),
        },
        "results": results,
        "after": checks,
        "targets": targets(results, checks),
    }


def targets(results: dict[str, Any], checks: dict[str, Any]) -> dict[str, Any]:
    """Each target, its value and whether it is met."""
    values = {
        "reads_p99_ms": results["reads"]["p99_ms"],
        "writes_p99_ms": results["writes"]["p99_ms"],
        "errors": results["all"]["errors"],
        "audit_verify_exit": checks["audit_verify"]["exit"],
        "check_exit": checks["check"]["exit"],
    }
    limits = {"reads_p99_ms": TARGETS[READ], "writes_p99_ms": TARGETS[WRITE]}
    table: dict[str, Any] = {
        k: {"value": v, "target": f"< {limits[k]:g}" if k in limits else "0",
            "met": v is not None and (v < limits[k] if k in limits else v == 0)}
        for k, v in values.items()
    }  # fmt: skip
    return table | {"all_met": all(t["met"] for t in table.values())}


def label(run: dict[str, Any]) -> str:
    low, high = run["think_s"]
    think = "0 (closed loop)" if high == 0 else f"{low:g}-{high:g} s"
    return f"{run['backend']} · {run['officers']} officers · think {think}"


def row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


STATS = ["count", "conflicts_409", "rejected_4xx", "errors", "p50_ms", "p95_ms", "p99_ms",
         "max_ms", "per_second"]  # fmt: skip
COLUMNS = "count | 409 | other 4xx | errors | p50 ms | p95 ms | p99 ms | max ms | per s"
HEAD = """\
# Load benchmark

`.venv/bin/python bench/load.py` (SQLite) and `.venv/bin/python bench/load.py --database-url
postgresql://…` (PostgreSQL), on loopback. Targets: 0 errors, p99 < 200 ms for reads and
< 500 ms for writes, `readmit audit verify` and `readmit check` clean afterwards.

{notes}

| run | date | workers | requests/s | reads p99 ms | writes p99 ms | errors | 409 | audit verify \
exit | check exit | targets met |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
"""
RUN = """
## {label}

{date}, commit `{commit}`{dirty}; {m[cores]} cores, {m[memory_gb]} GB, Python {m[python]}, \
load average {m[loadavg_before]} before. Server workers: {workers}{workers_note}. \
{duration_s} s, think {think}, timeout {timeout_s} s. Caseload: `{caseload}`.

| kind | class | {columns} |
| --- | --- | {dashes} |
"""
SERVER = """
Targets: {met}.

Server: {s[cpu_cores_mean]} cores on average (max {s[cpu_cores_max]}); its threads were \
runnable but waiting for a CPU {s[cpu_wait_s]} s in all; RSS up to {s[rss_mb_max]} MB; the \
machine was {s[machine_cpu_busy_pct]}% busy. Server log during the run: `{log}`. Client: \
`{client}`. Statuses (0: no answer): `{statuses}`.
"""


def markdown(runs: list[dict[str, Any]]) -> str:
    """The runs as Markdown: a summary table, then one table per run."""
    out = HEAD.format(notes=NOTES)
    for r in runs:
        t, a = r["targets"], r["results"]["all"]
        values = [t[k]["value"] for k in ("reads_p99_ms", "writes_p99_ms")]
        checks = [t[k]["value"] for k in ("audit_verify_exit", "check_exit")]
        checks = ["—" if c is None else c for c in checks]
        out += row(label(r), r["date"][:16], r["workers"], a["per_second"], *values, a["errors"],
                   a["conflicts_409"], *checks, "yes" if t["all_met"] else "no") + "\n"  # fmt: skip
    for r in runs:
        res, note = r["results"], r["workers_note"]
        out += RUN.format_map(r | {
            "label": label(r), "m": r["machine"], "commit": r["commit"][:10],
            "dirty": " (src had uncommitted changes)" if r["src_uncommitted_changes"] else "",
            "workers_note": f" ({note})" if note else "", "think": label(r).split("think ")[1],
            "caseload": json.dumps(r["caseload"]), "columns": COLUMNS,
            "dashes": " | ".join("---" for _ in STATS)})  # fmt: skip
        totals = [("**all reads**", res["reads"]), ("**all writes**", res["writes"])]
        for kind, k in [*res["kinds"].items(), *totals, ("**all**", res["all"])]:
            out += row(kind, k.get("class", ""), *(k[c] for c in STATS)) + "\n"
        out += (
            "\nBy 10 s window (p99 ms of reads / writes started in it): "
            + ", ".join(
                f"{w['from_s']}–{w['from_s'] + 10} s: {w['reads_p99_ms']} / {w['writes_p99_ms']}"
                for w in res.get("windows", [])
            )
            + ".\n"
        )
        met = "; ".join(
            f"{name} {v['value']} (target {v['target']}): {'met' if v['met'] else '**not met**'}"
            for name, v in r["targets"].items() if name != "all_met")  # fmt: skip
        brief = {k: v for k, v in r["server"]["log"].items() if k != "first_error"}
        log = json.dumps(brief, ensure_ascii=False)
        out += SERVER.format(met=met, s=r["server"], log=log, client=json.dumps(r["client"]),
                             statuses=json.dumps(res["statuses"]))  # fmt: skip
        if r["server"]["log"].get("first_error"):
            out += f"\nFirst server error:\n\n```\n{r['server']['log']['first_error']}\n```\n"
        if res["failures"]:
            out += "\nFailures (count × kind: reason):\n\n"
            out += "".join(f"- {n} × `{k}`\n" for k, n in res["failures"].items())
        for name, check in r["after"].items():
            out += f"\n`{name}` exit {check['exit']}:\n\n```\n{check['output']}\n```\n"
    return out


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    add = parser.add_argument
    add("--database-url", help="PostgreSQL URL, e.g. postgresql://postgres@127.0.0.1:5432/test "
        "(a fresh schema is created in it and dropped afterwards; default: SQLite)")  # fmt: skip
    add("--workers", type=int, help="server processes (default: cores on PostgreSQL, 1 on SQLite)")
    add("--officers", type=int, default=50, help="simulated officers, one connection each")
    add("--duration", type=float, default=60.0, help="seconds of load")
    add("--think", default="0.5-1.5", help="seconds between two actions: LOW-HIGH, or 0")
    add("--timeout", type=float, default=30.0, help="per request, seconds (an error)")
    add("--margin", type=float, default=10.0, help="seconds after --duration before "
        "unanswered requests are cut off (errors)")  # fmt: skip
    add("--cases", type=int, default=400, help="applications seeded through the API")
    add("--shift-start", type=float, default=20.0, help="seconds over which page officers "
        "log in before the measured period (reported apart, as `shift start`)")  # fmt: skip
    add("--seed", type=int, default=1)
    add("--results", type=Path, default=RESULTS, help="where load.json and load.md are kept")
    args = parser.parse_args()
    low, _, high = args.think.partition("-")
    args.think_range = (float(low), float(high or low))
    report = run(args)
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / "load.json"
    previous = json.loads(path.read_text())["runs"] if path.exists() else []
    runs = [r for r in previous if label(r) != label(report)] + [report]
    runs.sort(key=lambda r: (r["backend"] != "sqlite", r["think_s"][1] == 0, r["officers"]))
    path.write_text(json.dumps({"benchmark": "load", "runs": runs}, indent=2) + "\n")
    (args.results / "load.md").write_text(markdown(runs))
    print(markdown([report]))
    # Latency depends on the machine; errors and broken invariants do not: they fail the run.
    broken = [name for name, check in report["after"].items() if check["exit"] != 0]
    if report["results"]["all"]["errors"] or broken:
        print(f"errors: {report['results']['all']['errors']}; failed: {broken}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
