"""Statistics and scorecard pages at scale: 1,000,000 synthetic cases over ten corridors and
five years, on SQLite and on PostgreSQL; every page's p95 must stay under 500 ms.

For each backend: a fresh READMIT_HOME (and a fresh PostgreSQL schema), the demo's users and
agreements plus eight more corridors, then the cases and their timelines written straight
into the tables (in bulk, as a migration of old records would), `readmit statistics rebuild`
(timed: it counts every case into the monthly cells), a real `readmit serve` on loopback, and
each page fetched --repeat times by a logged-in analyst. Results: bench/results/statistics.md
and .json. Run: `.venv/bin/python bench/statistics_pages.py` (add --cases 100000 for a quick
look; --database-url for PostgreSQL only).
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from load import RESULTS, free_port, git_commit, machine, pg_schema, readmit, start_server
from load import stop_server as stop

TARGET_MS = 500.0
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# Every page an analyst reads, with the period and corridor filters they take.
PAGES = (
    ("statistics, 12 months, all corridors", "/statistics"),
    ("statistics, 60 months, one corridor", "/statistics?corridor=USA-CHN&from=2022-01&to=2026-12"),
    ("statistics, 60 months, all corridors", "/statistics?from=2022-01&to=2026-12"),
    ("indicators CSV, 60 months", "/statistics/indicators.csv?from=2022-01&to=2026-12"),
    ("indicators Parquet, 60 months", "/statistics/indicators.parquet?from=2022-01&to=2026-12"),
    ("quarterly report PDF", "/statistics/report.pdf?corridor=USA-CHN&quarter=2026-Q3"),
    ("indicators API, 60 months", "/api/v1/statistics/indicators?from=2022-01&to=2026-12"),
    ("scorecard", "/scorecards?corridor=USA-CHN&quarter=2026-Q3"),
    ("scorecards API", "/api/v1/scorecards?corridor=USA-CHN&quarter=2026-Q3"),
    ("encounters", "/statistics/encounters"),
    ("progress report", "/progress"),
)


def environment(home: Path, url: str | None) -> dict[str, str]:
    env = dict(os.environ, READMIT_HOME=str(home))
    env.pop("READMIT_DATABASE_URL", None)
    if url:
        env["READMIT_DATABASE_URL"] = url
    return env


def seed(env: dict[str, str]) -> list[dict[str, Any]]:
    """The demo's users and agreements, then the other eight corridors (in-process)."""
    seeded = subprocess.run(
        readmit("demo", "--seed-only", "--json"), env=env, capture_output=True, text=True
    )
    if seeded.returncode:
        raise RuntimeError(f"readmit demo failed: {seeded.stderr[-1500:]}")
    script = Path(__file__).resolve().parent / "statistics_cases.py"
    subprocess.run([sys.executable, str(script), "corridors"], env=env, check=True)
    return list(json.loads(seeded.stdout))


def timed(env: dict[str, str], *command: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True)
    return time.perf_counter() - started


def login(base: str, user: dict[str, Any]) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=120, follow_redirects=False)
    token = CSRF.search(client.get("/login").text)
    assert token, "no CSRF token on the login page"
    form = {"csrf_token": token.group(1), "next": "/", "email": user["email"]}
    answer = client.post("/login", data=form | {"password": user["password"]})
    assert answer.status_code == 303, f"login failed: {answer.status_code}"
    return client


def measure(base: str, analyst: dict[str, Any], repeat: int) -> list[dict[str, Any]]:
    """Each page `repeat` times after one warm-up; milliseconds at the client."""
    pages = login(base, analyst)
    found = []
    for name, path in PAGES:
        headers = {"Authorization": f"Bearer {analyst['api_token']}"}
        client = httpx.Client(base_url=base, timeout=120, headers=headers)
        use = client if path.startswith("/api/") else pages
        first = use.get(path)
        if first.status_code == 404 and not path.startswith("/statistics?"):
            found.append({"page": name, "path": path, "status": 404})
            continue
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            answer = use.get(path)
            times.append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200:
                raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:300]}")
        times.sort()
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        found.append(
            {"page": name, "path": path, "status": 200, "p50_ms": round(times[len(times) // 2], 1),
             "p95_ms": round(p95, 1), "max_ms": round(times[-1], 1), "bytes": len(answer.content)}
        )  # fmt: skip
        client.close()
    pages.close()
    return found


def serve_and_measure(
    env: dict[str, str], home: Path, users: list[dict[str, Any]], repeat: int
) -> list[dict[str, Any]]:
    """Start `readmit serve`, time the pages, stop it; its log's end if anything fails."""
    print(f"measuring pages; load average {os.getloadavg()[0]:.2f}", flush=True)
    port = free_port()
    log = home / "server.log"
    server = start_server(env, port, None, log)
    try:
        analyst = next(u for u in users if u["state"] == "USA" and u["role"] == "analyst")
        return measure(f"http://127.0.0.1:{port}", analyst, repeat)
    except Exception:
        print(log.read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        stop(server)


def measured() -> dict[str, Any]:
    """When the pages were measured, and how busy the machine was just after."""
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "loadavg": round(os.getloadavg()[1], 2),
    }


def run(
    url: str | None, cases: int, repeat: int, keep: Path | None, prepare_only: bool = False
) -> dict[str, Any]:
    """One backend: seed, write the cases, rebuild, measure. With `keep`, the home (and the
    PostgreSQL schema) are kept in that folder, and a later run with the same folder measures
    them again as they are."""
    backend = "postgresql" if url else "sqlite"
    schema = f"bench_statistics_{random.randrange(10**9)}"
    if keep is not None and (keep / "users.json").exists():
        users = json.loads((keep / "users.json").read_text())
        found = json.loads((keep / "run.json").read_text())
        env = environment(keep, found.pop("database_url", None))
        found["pages"] = serve_and_measure(env, keep, users, repeat)
        return dict(found) | measured()
    with tempfile.TemporaryDirectory(prefix="readmit-bench-statistics-") as tmp:
        home = keep or Path(tmp)
        home.mkdir(parents=True, exist_ok=True)
        database = pg_schema(url, True, schema) if url else None
        env = environment(home, database)
        try:
            print(f"{backend}: seeding the demo and ten corridors", flush=True)
            users = seed(env)
            script = Path(__file__).resolve().parent / "statistics_cases.py"
            print(f"{backend}: writing {cases:,} cases", flush=True)
            writing = timed(env, sys.executable, str(script), "cases", str(cases))
            print(f"{backend}: readmit statistics rebuild", flush=True)
            rebuilding = timed(env, *readmit("statistics", "rebuild"))
            found = {
                "backend": backend,
                "cases": cases,
                "write_cases_s": round(writing, 1),
                "rebuild_s": round(rebuilding, 1),
            }
            if keep is not None:
                (home / "users.json").write_text(json.dumps(users))
                (home / "run.json").write_text(json.dumps(found | {"database_url": database}))
            if prepare_only:
                return found
            found["pages"] = serve_and_measure(env, home, users, repeat)
            found |= measured()
        finally:
            if url and keep is None:
                pg_schema(url, False, schema)
    return found


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Statistics and scorecard pages at scale",
        "",
        f"Commit {report['commit'].get('commit', '?')}, {report['finished']}; "
        f"{report['machine']['cores']} cores, load average {report['machine']['loadavg_before']} "
        f"at the end. Command: `{report['command']}`.",
        f"Target: every page p95 < {TARGET_MS:.0f} ms. Each page fetched {report['repeat']} "
        "times after one warm-up, by one analyst of the requesting state (USA, ten corridors).",
        "",
    ]
    for run in report["runs"]:
        lines += [
            f"## {run['backend']}: {run['cases']:,} cases",
            "",
            "Writing the cases in bulk: "
            + (f"{run['write_cases_s']} s; " if run["write_cases_s"] else "not timed; ")
            + f"`readmit statistics rebuild`: {run['rebuild_s']} s. Pages measured "
            f"{run['measured_at']}; load average "
            f"{run['loadavg']} ({run.get('load_basis', 'over the 5 minutes before the end')}).",
            "",
            "| Page | p50 ms | p95 ms | max ms | bytes | p95 < 500 ms |",
            "|---|---|---|---|---|---|",
        ]
        for page in run["pages"]:
            if page["status"] != 200:
                lines.append(f"| {page['page']} (`{page['path']}`) | — | — | — | — | not built |")
                continue
            ok = "yes" if page["p95_ms"] < TARGET_MS else "**no**"
            lines.append(
                f"| {page['page']} (`{page['path']}`) | {page['p50_ms']} | {page['p95_ms']} | "
                f"{page['max_ms']} | {page['bytes']:,} | {ok} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", help="PostgreSQL only (default: SQLite, then PG)")
    parser.add_argument(
        "--postgresql",
        default=os.environ.get(
            "READMIT_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument(
        "--keep",
        type=Path,
        help="one backend only: fill this folder (and keep the PostgreSQL schema) once, "
        "measure it again later",
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="with --keep: fill, do not measure yet"
    )
    args = parser.parse_args()
    urls: list[str | None] = [args.database_url] if args.database_url else [None]
    if not args.database_url and not args.sqlite_only:
        urls.append(args.postgresql)
    if args.keep is not None and len(urls) > 1:
        parser.error("--keep measures one backend: add --sqlite-only or --database-url")
    if args.prepare_only:
        if args.keep is None:
            parser.error("--prepare-only needs --keep")
        print(run(urls[0], args.cases, args.repeat, args.keep, prepare_only=True))
        return
    runs = [run(url, args.cases, args.repeat, args.keep) for url in urls]
    # A run of one backend keeps the other's last figures in the results file.
    saved = RESULTS / "statistics.json"
    if saved.exists():
        done = {r["backend"] for r in runs}
        kept = [r for r in json.loads(saved.read_text())["runs"] if r["backend"] not in done]
        runs = sorted(kept + runs, key=lambda r: r["backend"] != "sqlite")
    report = {
        "command": " ".join(["python", *sys.argv]),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": machine(),
        "repeat": args.repeat,
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "statistics.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "statistics.md").write_text(markdown(report))
    print(markdown(report))
    slow = [p for r in runs for p in r["pages"] if p["status"] == 200 and p["p95_ms"] >= TARGET_MS]
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
