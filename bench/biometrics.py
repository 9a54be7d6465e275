"""Biometric gallery benchmark: enrol N synthetic 512-d face templates through the encrypted
store, rebuild the exhaustive index, and time single and batched 1:N searches of genuine
probes (rank-1 mate rate as the accuracy check). Writes bench/results/biometrics.json.

Run: .venv/bin/python bench/biometrics.py [--sizes 100000,1000000] [--probes 200]
"""

import argparse
import json
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from readmit.biometrics import store
from readmit.biometrics.synth import FaceModel, captures, identities

RESULTS = Path(__file__).resolve().parent / "results"
CHUNK = 50_000


def run(size: int, probes: int) -> dict[str, object]:
    """Enrol, rebuild and search at one gallery size."""
    rng = np.random.default_rng(size)
    model = FaceModel()
    keys = store.Keys(os.urandom(32), os.urandom(32))
    with tempfile.TemporaryDirectory(prefix="readmit-bio-") as tmp:
        path = Path(tmp) / "gallery.sqlite"
        connection = store.connect(path)
        mates = identities(probes, rng=rng)
        start = time.perf_counter()
        connection.execute("BEGIN")
        for offset in range(0, size, CHUNK):
            count = min(CHUNK, size - offset)
            latent = identities(count, rng=rng)
            if offset == 0:
                latent[:probes] = mates
            ids = [f"P{offset + i:09d}" for i in range(count)]
            store.put(connection, keys, ids, captures(latent, model=model, rng=rng))
        connection.execute("COMMIT")
        enrol = time.perf_counter() - start
        start = time.perf_counter()
        index = store.Index.build(connection, keys, 512)
        rebuild = time.perf_counter() - start
        queries = captures(mates, model=model, rng=rng, years_apart=5)
        times = []
        found = 0
        for row, query in enumerate(queries):
            begin = time.perf_counter()
            best = index.search(keys, query[None, :], 1)[0][0][0]
            times.append((time.perf_counter() - begin) * 1000)
            found += best == f"P{row:09d}"
        start = time.perf_counter()
        index.search(keys, queries, 10)
        batch = time.perf_counter() - start
        store_mb = path.stat().st_size / 2**20
        connection.close()
    times.sort()
    return {
        "gallery": size,
        "enrol_seconds": round(enrol, 1),
        "store_mb": round(store_mb, 1),
        "rebuild_seconds": round(rebuild, 1),
        "index_mb": round(index.matrix.nbytes / 2**20, 1),
        "search_p50_ms": round(statistics.median(times), 1),
        "search_p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "batched_searches_per_second": round(len(queries) / batch, 1),
        "rank1_mates_found": f"{found}/{len(queries)}",
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--probes", type=int, default=200)
    args = parser.parse_args()
    report = {
        "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "command": "python bench/biometrics.py --sizes " + args.sizes,
        "runs": [run(int(size), args.probes) for size in args.sizes.split(",")],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "biometrics.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
