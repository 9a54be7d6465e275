"""Biometric gallery benchmark. Enrols N synthetic 512-d face templates into the encrypted store,
streamed in chunks (the gallery never sits in memory as float32), while computing the
exhaustive reference (each probe's true rank-1 over every chunk); then rebuilds the index from
the store, and times single and batched searches of genuine probes (five years older), with
the share of exhaustive rank-1 mates the index finds. With --partner, the demo is seeded into
the same home and partner hit/no-hit is timed end to end over HTTP on loopback through
`readmit serve`. Writes bench/results/biometrics.json and .md.

Run: .venv/bin/python bench/biometrics.py [--sizes 100000,10000000] [--probes 1000] [--partner]
(over ~1M templates, under `flock /tmp/readmit-bench.lock`).
"""

import argparse
import base64
import json
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

from readmit.biometrics import ann, store
from readmit.biometrics.synth import FaceModel, captures, identities

RESULTS = Path(__file__).resolve().parent / "results"
CHUNK = 50_000
COUNTRY = "GTM"  # its demo agreement with the USA allows biometric sharing
NOTES = """\
- `enrol_seconds`: encrypting and storing (AES-GCM per row, SQLite); `generate_seconds` (making
  synthetic templates) and `exhaustive_reference_seconds` (the reference) are not part of it.
  `load_and_index_seconds` = enrol + `index_build_seconds` (one streamed, decrypting pass over
  the store: PCA and k-means trained on the first 256k rows, then every row added).
- `index_mb`: the sealed index on disk, which is what a process holds (8-bit codes of 64 PCA
  values, 8-byte row ids, centroids); the templates stay encrypted in the store and only the
  64-row shortlist of each search is decrypted. `server_rss_mb`: `readmit serve` after the
  searches, index loaded. `peak_rss_mb`: this benchmark process.
- Single searches include resolving person ids; batched: all probes in one call, top 10.
- Partner: 20 probes of enrolled people and 20 of strangers, one HTTP request each, including
  the audit rows. `serve` loads the index in the background at start-up; the first request,
  sent as soon as the server answers, waits for that load (a cold start, not a steady state).
  A hit needs the gallery-size threshold of `fusion.strong_threshold` (0.63 at 10M), so older
  or poorer captures of enrolled people can answer no_hit by design."""


def _rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(0, int(len(ordered) * share) - 1)], 1)


def _enrol(
    connection: object, keys: store.Keys, size: int, queries: np.ndarray, rng: np.random.Generator
) -> tuple[dict[str, float], np.ndarray, np.ndarray]:
    """Stream N templates into the store; mate i sits at row i * stride. Returns timings and
    the exhaustive rank-1 (gallery row, cosine) of every query."""
    model, stride = FaceModel(), size // len(queries)
    mates = _mates(len(queries), size)
    best_row = np.full(len(queries), -1, np.int64)
    best_score = np.full(len(queries), -2.0, np.float32)
    timings = {"generate": 0.0, "store": 0.0, "reference": 0.0}
    connection.execute("BEGIN")  # type: ignore[attr-defined]
    for offset in range(0, size, CHUNK):
        count = min(CHUNK, size - offset)
        start = time.perf_counter()
        latent = identities(count, rng=rng)
        here = [i for i in range(len(queries)) if offset <= i * stride < offset + count]
        latent[[i * stride - offset for i in here]] = mates[here]
        templates = captures(latent, model=model, rng=rng)
        timings["generate"] += time.perf_counter() - start
        start = time.perf_counter()
        ids = [f"P{offset + i:09d}" for i in range(count)]
        store.put(connection, keys, ids, templates)  # type: ignore[arg-type]
        timings["store"] += time.perf_counter() - start
        start = time.perf_counter()
        scores = queries @ templates.T
        top = np.argmax(scores, axis=1)
        better = scores[np.arange(len(queries)), top] > best_score
        best_row[better] = offset + top[better]
        best_score[better] = scores[np.arange(len(queries)), top][better]
        timings["reference"] += time.perf_counter() - start
    connection.execute("COMMIT")  # type: ignore[attr-defined]
    return timings, best_row, best_score


def _describe(index: ann.Ann | None) -> str:
    if index is None:
        return "exhaustive (gallery below ann.EXACT_BELOW)"
    inverted = faiss.extract_index_ivf(index.index)
    return (
        f"PCA {ann.PCA_DIMENSION} → IVF-SQ8 (L2), {inverted.nprobe} of {inverted.nlist} lists"
        f" probed, exact re-rank of {ann.SHORTLIST} from the store"
    )


def _mates(count: int, size: int) -> np.ndarray:
    return identities(count, rng=np.random.default_rng(size + 1))


def _seed(env: dict[str, str]) -> str:
    """Seed the demo (its small GTM gallery first, so the big one comes after); a USA case
    officer's API token."""
    seeded = subprocess.run(
        [sys.executable, "-m", "readmit", "demo", "--seed-only", "--json"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    users = json.loads(seeded.stdout)
    return next(
        u["api_token"] for u in users if u["role"] == "case_officer" and u["state"] == "USA"
    )


def _partner(token: str, env: dict[str, str], mates: np.ndarray) -> dict[str, object]:
    """Hit/no-hit over HTTP through the real app: 20 mated and 20 unknown probes."""
    import httpx

    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port = probe_socket.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "readmit", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    rng = np.random.default_rng(5)
    probes = np.vstack(
        [
            captures(mates[:20], model=FaceModel(), rng=rng, years_apart=5),
            captures(identities(20, rng=rng), model=FaceModel(), rng=rng),
        ]
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(url + "/openapi.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        headers = {"Authorization": f"Bearer {token}"}
        times, outcomes = [], []
        with httpx.Client(base_url=url, headers=headers, timeout=600) as client:
            for probe in probes:
                body = {
                    "answering_state": COUNTRY,
                    "modality": "face",
                    "template": base64.b64encode(probe.astype("<f4").tobytes()).decode(),
                }
                start = time.perf_counter()
                answer = client.post("/api/v1/biometrics/partner-searches", json=body)
                times.append((time.perf_counter() - start) * 1000)
                answer.raise_for_status()
                outcomes.append(answer.json()["outcome"])
        status = Path(f"/proc/{server.pid}/status").read_text().splitlines()
        memory = {
            line.split(":")[0]: int(line.split()[1]) // 1024
            for line in status
            if ":" in line and line.endswith("kB")
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    warm = times[1:]
    return {
        "how": "HTTP POST /api/v1/biometrics/partner-searches on loopback, `readmit serve`",
        "first_request_ms": round(times[0], 1),
        "server_rss_mb": memory["VmRSS"],
        "server_peak_rss_mb": memory["VmHWM"],
        "warm_p50_ms": round(statistics.median(warm), 1),
        "warm_max_ms": round(max(warm), 1),
        "mated_hits": f"{outcomes[:20].count('hit')}/20",
        "unknown_no_hits": f"{outcomes[20:].count('no_hit')}/20",
    }


def run(size: int, probes: int, partner: bool, workdir: str | None) -> dict[str, object]:
    """Enrol, reference, index and search at one gallery size."""
    rng = np.random.default_rng(size)
    with tempfile.TemporaryDirectory(prefix="readmit-bio-", dir=workdir) as tmp:
        home = Path(tmp)
        env = {**os.environ, "READMIT_HOME": str(home)}
        os.environ["READMIT_HOME"] = str(home)
        token = _seed(env) if partner else ""
        keys = store.Keys.for_gallery(home, COUNTRY)
        path = store.gallery_path(home, COUNTRY, "face")
        connection = store.connect(path)
        mates = _mates(probes, size)
        queries = captures(mates, model=FaceModel(), rng=rng, years_apart=5)
        timings, reference, _ = _enrol(connection, keys, size, queries, rng)
        stride = size // probes
        before = _rss_mb()
        start = time.perf_counter()
        index = ann.entry(connection, keys, 512).ann
        index_seconds = time.perf_counter() - start
        index_mb = _rss_mb() - before
        index_file_mb = ann.index_path(path).stat().st_size / 2**20 if index else 0.0
        start = time.perf_counter()
        ann.Ann.load(ann.index_path(path), keys, ann.stamp_of(connection))
        reload_seconds = time.perf_counter() - start
        times, found = [], []
        for query in queries:
            begin = time.perf_counter()
            result = store.named(
                connection, keys, ann.search(connection, keys, query[None, :], top=10)
            )
            times.append((time.perf_counter() - begin) * 1000)
            found.append(result[0][0][0])
        start = time.perf_counter()
        batched = ann.search(connection, keys, queries, top=10)
        store.named(connection, keys, batched)
        batch_seconds = time.perf_counter() - start
        exhaustive = [f"P{row:09d}" for row in reference]
        agree = sum(f == e for f, e in zip(found, exhaustive, strict=True))
        exhaustive_mates = sum(e == f"P{i * stride:09d}" for i, e in enumerate(exhaustive))
        store_mb = path.stat().st_size / 2**20
        connection.close()
        partner_result = _partner(token, env, mates) if partner else None
    result: dict[str, object] = {
        "gallery": size,
        "dimension": 512,
        "probes": probes,
        "generate_seconds": round(timings["generate"], 1),
        "enrol_seconds": round(timings["store"], 1),
        "exhaustive_reference_seconds": round(timings["reference"], 1),
        "store_mb": round(store_mb, 1),
        "index": _describe(index),
        "index_build_seconds": round(index_seconds, 1),
        "load_and_index_seconds": round(timings["store"] + index_seconds, 1),
        "rss_growth_while_indexing_mb": round(index_mb, 1),
        "index_mb": round(index_file_mb, 1),
        "index_reload_seconds": round(reload_seconds, 1),
        "search_p50_ms": round(statistics.median(times), 1),
        "search_p95_ms": _percentile(times, 0.95),
        "single_searches_per_second": round(len(times) / (sum(times) / 1000), 1),
        "batched_searches_per_second": round(probes / batch_seconds, 1),
        "exhaustive_rank1_found": f"{agree}/{probes}",
        "exhaustive_rank1_is_mate": f"{exhaustive_mates}/{probes}",
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if partner_result:
        result["partner"] = partner_result
    print(json.dumps(result), flush=True)
    return result


def markdown(report: dict[str, object]) -> str:
    """The results as a Markdown table."""
    runs: list[dict[str, object]] = report["runs"]  # type: ignore[assignment]
    keys = [k for k in runs[0] if k != "partner"]
    lines = [
        "# Biometric search benchmark",
        "",
        f"`{report['command']}` on {report['machine']}. Synthetic 512-d faces; probes are "
        "genuine captures five years older. `exhaustive_rank1_found`: the index's rank-1 equals "
        "the exhaustive search's rank-1 (computed over every chunk during enrolment).",
        "",
        NOTES,
        "",
        "| | " + " | ".join(f"{r['gallery']:,}" for r in runs) + " |",
        "| --- | " + " | ".join("---" for _ in runs) + " |",
    ]
    lines += [f"| {k} | " + " | ".join(str(r.get(k, "")) for r in runs) + " |" for k in keys]
    for r in runs:
        if "partner" in r:
            lines += ["", f"Partner hit/no-hit at {r['gallery']:,}: `{json.dumps(r['partner'])}`"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--probes", type=int, default=1000)
    parser.add_argument("--partner", action="store_true", help="also time partner hit/no-hit")
    parser.add_argument("--workdir", help="where the temporary gallery goes (default /tmp)")
    args = parser.parse_args()
    command = f"python bench/biometrics.py --sizes {args.sizes} --probes {args.probes}"
    report = {
        "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "command": command + (" --partner" if args.partner else ""),
        "runs": [
            run(int(size), args.probes, args.partner, args.workdir)
            for size in args.sizes.split(",")
        ],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "biometrics.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "biometrics.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
