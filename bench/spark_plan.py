"""bench/results/spark.md: the measured runs of bench/spark.py, and a capacity plan for a
national register of 1.4 billion persons derived from them (no figure in the plan is measured
at that size: each is a measured rate scaled, and the scaling assumptions are stated)."""

from typing import Any

TARGET = 1_400_000_000
BATCH = 10_000
CLUSTERS = (128, 512, 2048)  # executor cores
# Local mode moves shuffle blocks through memory and local disk; a cluster moves them over the
# network and reads the tables from shared storage. Rates measured here are divided by this.
CLUSTER_PENALTY = 2.0


def _row(run: dict[str, Any]) -> str:
    s_load, k_load = run["single_load"], run["spark_load"]
    s_ver, k_ver = run["single_verify"], run["spark_verify"]
    return (
        f"| {run['register_size']:,} | {s_load['seconds']:,} s / {s_load['peak_tree_mb']:,} MB "
        f"| {k_load['seconds']:,} s / {k_load['peak_tree_mb']:,} MB "
        f"(largest process {k_load['peak_process_mb']:,} MB) | {run['spark_store_mb']:,} MB "
        f"| {s_ver['seconds']:,} s ({run['single_verify_per_second']}/s) "
        f"| {k_ver['seconds']:,} s ({run['spark_verify_per_second']}/s), "
        f"{k_ver['peak_tree_mb']:,} MB | {'yes' if run['identical_results'] else 'NO'} "
        f"| {run.get('date', '?')}, {_load(run.get('load_average_at_start'))} → "
        f"{_load(run.get('load_average_at_end'))} |"
    )


def _load(values: list[float] | None) -> str:
    return "?" if not values else "/".join(f"{v:.1f}" for v in values)


def _plan(report: dict[str, Any]) -> list[str]:
    runs = sorted(report["runs"], key=lambda r: r["register_size"])
    if not runs:
        return ["No run to derive a plan from."]
    cores = int(report["machine"]["cpus"] or 1)
    big = runs[-1]
    size = big["register_size"]
    load_rate = size / big["spark_load"]["seconds"] / cores  # persons per second per core
    store_per_person = big["spark_store_mb"] / size
    lines = [
        f"Derived from the largest run measured ({size:,} persons, local mode, {cores} cores).",
        "",
        "**Assumptions.** Preparation is a map (checking and keying, Python) followed by four "
        "shuffles and writes; both scale with executor cores. Measured rates are divided by "
        f"{CLUSTER_PENALTY} for network shuffles and shared storage, which local mode does not "
        "pay. Each verification round joins the batch's questions with the index tables, "
        "reading them whole: a round's cost grows with the register, not with the batch.",
        "",
        f"* Preparation: {load_rate:,.0f} persons a second per core measured.",
        f"* Storage: {store_per_person * 1024:,.2f} kB per person in Parquet: "
        f"{store_per_person * TARGET / 2**20:,.1f} TB for {TARGET:,} persons.",
    ]
    verify = big["spark_verify"]["seconds"]
    # Upper bounds: the whole verification time taken to grow with the register (each round
    # reads the index tables whole) and, again, with the number of applications (each is
    # examined in Python). Two runs on a machine as busy as this one's were do not give a
    # trustworthy slope (see the load averages above), so none is fitted.
    scan = verify * TARGET / size
    examine = verify * BATCH / big["applications"]
    lines.append(
        f"* Batch verification: {verify:,} s for {big['applications']:,} applications against "
        f"{size:,} persons on {cores} cores; scaled as at most {verify:,} s × "
        f"{TARGET // size:,} (the register) plus {verify:,} s × {BATCH // big['applications']} "
        "(the batch), in core-seconds divided by the cluster's cores."
    )
    lines += [
        "",
        f"| Executor cores | Full preparation of {TARGET:,} | A batch of {BATCH:,} "
        "applications | Executor memory |",
        "|---|---|---|---|",
    ]
    for cluster in CLUSTERS:
        hours = TARGET / (load_rate * cluster / CLUSTER_PENALTY) / 3600
        batch = (scan + examine) * cores * CLUSTER_PENALTY / cluster
        lines.append(
            f"| {cluster:,} | {hours:,.1f} h | at most {batch / 60:,.0f} min | "
            f"{big['spark_load']['peak_tree_mb'] / cores / 1024:,.1f} GB per core measured |"
        )
    lines += [
        "",
        "Memory per core is the peak of the whole local process tree (JVM and Python workers) "
        "divided by its cores. The JVM's heap grows to its limit (`spark.driver.memory`) "
        "before it collects, so this is what was taken, not what is needed; the shuffles "
        "spill to disk beyond the heap.",
    ]
    return lines


def plan_markdown(report: dict[str, Any]) -> str:
    """The results page."""
    machine = report["machine"]
    lines = [
        "# The identity engine on one machine and on Spark",
        "",
        f"Measured with `{report['command']}` (master `{report['master']}`"
        f"{', conf ' + ' '.join(report['spark_conf']) if report['spark_conf'] else ''}), on "
        f"{machine['cpus']} cores and {machine['memory_gb']} GB, Python {machine['python']}. "
        "Each run's date and the machine's load average (1, 5 and 15 minutes) at its start and "
        "end are in the last column: other work on the machine slows both engines.",
        "",
        "Project generator (CHN), register extract as CSV; times include each command's start "
        "(for Spark, the JVM's). Memory is the peak of the command's whole process tree.",
        "",
        "| Register | Single-machine load | Spark preparation | Spark store | Single-machine "
        "verify | Spark verify | Same result lines | Run, load average |",
        "|---|---|---|---|---|---|---|---|",
        *(_row(run) for run in sorted(report["runs"], key=lambda r: r["register_size"])),
        "",
        "## Capacity plan for 1.4 billion persons",
        "",
        *_plan(report),
        "",
    ]
    return "\n".join(lines)
