"""bench/results/identity.md from the benchmark's report."""

from __future__ import annotations

from typing import Any

from identity_eval import BOUNDS

SPLINK_STEPS = ("prepare_seconds", "train_seconds", "predict_seconds")
MATCHERS = {"engine": "engine", "naive_exact": "naive exact", "splink5": "Splink 5"}


def cell(value: Any) -> str:
    """A figure as shown ('—' when there is none)."""
    return "—" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def met(flag: bool | None) -> str:
    return "n/a" if flag is None else "met" if flag else "**not met**"


def data_line(entry: dict[str, Any]) -> str:
    d, t = entry["data"], entry["timing"]
    return (
        f"Register {d['register']:,} persons; {d['applications']:,} applications "
        f"({d['findable']:,} findable, {d['applications'] - d['findable']:,} absent; "
        f"{len(d['classes'])} difficulty classes). `readmit registry load` {t['load_seconds']} s "
        f"(peak {cell(t['load_peak_mb'])} MB); `readmit verify` "
        f"{t['verify_seconds_incl_cli_start']} s for all {d['applications']:,} "
        f"(CLI start included, all cores; {cell(t.get('verify_cpu_seconds'))} s of CPU)."
    )


def headline(name: str, entry: dict[str, Any]) -> list[str]:
    """The matchers side by side, then the engine against the targets."""
    lines = [
        f"### {name}",
        "",
        data_line(entry),
        "",
        "| Matcher | False confirmations | Top-1 | Recall@5 | Auto-confirm | Review share | "
        "Refused lines | Recall at 1e-3 / 1e-4 | Time (s) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key, facts in entry["matchers"].items():
        label = MATCHERS.get(key, key)
        if "classes" not in facts:
            lines.append(f"| {label} | {facts.get('skipped', 'not run')} |||||||| ")
            continue
        a = facts["classes"]["all"]
        seconds = (
            entry["timing"]["verify_seconds_incl_cli_start"]
            if key == "engine"
            else facts.get("seconds") or round(sum(facts.get(k, 0) for k in SPLINK_STEPS), 1)
        )
        lines.append(
            f"| {label} | {a['false_confirmations']} | {cell(a['top1'])} | "
            f"{cell(a['recall_at_5'])} | {cell(a['auto_confirm'])} | {cell(a['review_share'])} | "
            f"{a['refused']} | {facts['recall_at_false_confirmation_1e-3']} / "
            f"{facts['recall_at_false_confirmation_1e-4']} | {seconds} |"
        )
    if wrong := entry["matchers"]["engine"]["false_confirmation_list"]:
        lines += ["", "The engine's false confirmations: " + "; ".join(
            f"{w['application_id']} ({w['difficulty']}): confirmed {w['confirmed']}, "
            f"applicant {w['applicant'] or 'absent'}" for w in wrong) + "."]  # fmt: skip
    lines += ["", "| Engine target | Measured | |", "| --- | --- | --- |"]
    lines += [f"| {t['target']} | {cell(t['value'])} | {met(t['met'])} |" for t in entry["targets"]]
    return [*lines, ""]


def per_class(name: str, entry: dict[str, Any]) -> list[str]:
    """Engine and Splink per difficulty class."""
    engine = entry["matchers"]["engine"]
    splink = entry["matchers"].get("splink5", {}).get("classes", {})
    recall = engine["candidate_recall"]
    lines = [
        f"### {name}",
        "",
        "Cells: engine / Splink 5. Candidate recall: the engine's candidate generation alone.",
        "",
        "| Class | Applications | Findable | Candidate recall | Top-1 | Recall@5 | Auto-confirm | "
        "False confirmations | Review share |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for group, e in engine["classes"].items():
        s = splink.get(group, {})

        def pair(key: str, e: dict[str, Any] = e, s: dict[str, Any] = s) -> str:
            return f"{cell(e[key])} / {cell(s.get(key))}" if s else cell(e[key])

        lines.append(
            f"| {group} | {e['applications']:,} | {e['findable']:,} | {cell(recall.get(group))} | "
            f"{pair('top1')} | {pair('recall_at_5')} | {pair('auto_confirm')} | "
            f"{pair('false_confirmations')} | {pair('review_share')} |"
        )
    return [*lines, ""]


def curve(name: str, entry: dict[str, Any]) -> list[str]:
    """Auto-confirm, false confirmations and review share at each confirm bound."""
    engine = entry["matchers"]["engine"]
    points = engine["operating_curve"]
    keys = [f"{b:.0e}" for b in BOUNDS]
    lines = [
        f"### {name}",
        "",
        f"In-process decisions agree with `readmit verify` (bound 1e-4) on "
        f"{engine['agrees_with_cli_at_default_bound']} applications. Cells: auto-confirm / "
        "false confirmations / review share.",
        "",
        "| Class | " + " | ".join(f"Bound {k}" for k in keys) + " |",
        "| --- |" + " --- |" * len(keys),
    ]
    for group in points[keys[0]]:
        row = [points[k][group] for k in keys]
        lines.append(
            f"| {group} | "
            + " | ".join(
                f"{cell(p['auto_confirm'])} / {p['false_confirmations']} / "
                f"{cell(p['review_share'])}"
                for p in row
            )
            + " |"
        )
    return [*lines, ""]


def febrl(facts: dict[str, Any]) -> list[str]:
    lines = [
        "## FEBRL4",
        "",
        f"{facts['register']:,} originals as the register (`readmit registry load`: "
        f"{facts['register_load'].replace(' and listed above', '')}), "
        f"{facts['applications']:,} duplicates as applications through `readmit verify`, "
        f"country {facts['country']} (generic Latin-script profile); load "
        f"{facts['load_seconds']} s, verify {facts['verify_seconds_incl_cli_start']} s.",
        "",
        "| Refused lines | Top-1 | Recall@5 | False confirmations | Auto-confirm | Review share |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| {facts['refused']} | {cell(facts['top1'])} | {cell(facts['recall_at_5'])} | "
        f"{facts['false_confirmations']} | {cell(facts['auto_confirm'])} | "
        f"{cell(facts['review_share'])} |",
        "",
        "| Target | Measured | |",
        "| --- | --- | --- |",
        *(f"| {t['target']} | {cell(t['value'])} | {met(t['met'])} |" for t in facts["targets"]),
    ]
    if facts["refused_reasons"]:
        lines += ["", "Refused: " + "; ".join(
            f"{n} × {reason}" for reason, n in facts["refused_reasons"].items())]  # fmt: skip
    if facts.get("register_refused"):
        lines += [
            "",
            f"Originals the load refused (their duplicates count as absent): "
            f"{', '.join(f'{k} ({v})' for k, v in facts['register_refused'].items())}.",
        ]
    return [*lines, ""]


def scale(report: dict[str, Any]) -> list[str]:
    lines = [
        "## Scale",
        "",
        "p50/p99: store files in the page cache, as a running server has them; first pass: "
        "the page cache as the load left it (older runs measured only that pass).",
        "",
        "| Country | Register | Load (s) | Load peak (MB) | Store (MB) | p50 (ms) | p99 (ms) | "
        "First pass p50/p99 (ms) | Batch (apps/s) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for country, runs in report["scale"].items():
        for s in runs:
            lines.append(
                f"| {country} | {s['register_size']:,} | {s['load_seconds']} | "
                f"{round(s['load_peak_mb'] or 0)} | {s['store_mb']} | {s['latency']['p50_ms']} | "
                f"{s['latency']['p99_ms']} | {s['latency'].get('first_pass_p50_ms', '—')} / "
                f"{s['latency'].get('first_pass_p99_ms', '—')} | {s['batch_per_second']} |"
            )
    return lines


def code_line(code: dict[str, Any] | None) -> str:
    """Which code was measured."""
    if not code:
        return ""
    changed = code["uncommitted_in_src"]
    if code.get("snapshot"):
        return f"Code: commit {code['commit']} (a snapshot of src/ at HEAD, `--snapshot`)."
    return f"Code: commit {code['commit']}" + (
        f" with {len(changed)} uncommitted files under src/ ({', '.join(changed)})."
        if changed
        else "."
    )


def markdown(report: dict[str, Any]) -> str:
    """Headline per generator and country with the targets, per-class tables, operating curve,
    FEBRL4, scale."""
    runs = [
        (f"{generator} generator, {country}", entry)
        for generator, countries in report.get("accuracy", {}).items()
        for country, entry in countries.items()
        if "matchers" in entry
    ]
    lines = [
        "# Identity engine benchmark",
        "",
        f"{report.get('date', '')} — machine: {report['machine']}"
        + (
            f" (load average {report['load_average_at_start'][0]} at the start, "
            f"{report['load_average_at_end'][0]} at the end: other work shares the cores)"
            if "load_average_at_end" in report
            else ""
        )
        + ". Command: "
        f"`{report['command']}`"
        + (f"; scale also `{report['scale_command']}`." if "scale_command" in report else "."),
        "",
        code_line(report.get("code")),
        "",
        "Top-1, recall@5, candidate recall and auto-confirm count findable applicants (in the "
        "register); a false confirmation is a confirm whose first candidate is not the "
        "applicant; review share is the share of all applications sent to an officer for "
        "review; refused lines are answered with an error. See bench/README.md.",
        "",
    ]
    if runs:
        lines += ["## Headline", ""]
        for name, entry in runs:
            lines += headline(name, entry)
        lines += ["## Per difficulty class", ""]
        for name, entry in runs:
            lines += per_class(name, entry)
        lines += ["## Operating curve (engine)", ""]
        for name, entry in runs:
            lines += curve(name, entry)
    if report.get("febrl4"):
        lines += febrl(report["febrl4"])
    lines += scale(report)
    return "\n".join(lines) + "\n"
