"""Scoring matchers' results against the answers, per difficulty class, and the engine's own
measurements in-process: candidate recall and the operating curve.

Definitions (every figure per class and over all applications):

* top-1, recall@5, candidate recall and auto-confirm count findable applicants (those in the
  register); auto-confirm is the share of them confirmed with the applicant first;
* a false confirmation is a "confirm" whose first candidate is not the applicant (every
  confirmation of an absent applicant is one);
* review share: the share of all applications sent to review (the officers' workload);
* a refused line is one `readmit verify` answers with {"line": N, "error": …}: it finds
  nobody and is counted in no other share.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from identity_data import read_lines

BOUNDS = (1e-3, 1e-4, 1e-5)
BANDS = ((0.0, 0.5), (0.5, 0.9), (0.9, 0.99), (0.99, 0.9999), (0.9999, 1.01))
PROJECT_CLASSES = ("clean", "typical", "hard")
LISTED = 20  # false confirmations listed by application


@dataclass(frozen=True)
class Outcome:
    """What a matcher did with one application, next to the answer."""

    expected: str | None
    difficulty: str
    recommendation: str  # confirm, review, no_match or refused
    ids: tuple[str, ...] = ()
    score: float = 0.0
    application_id: str = ""

    @property
    def top_right(self) -> bool:
        return bool(self.ids) and self.ids[0] == self.expected

    @property
    def confirmed_wrong(self) -> bool:
        return self.recommendation == "confirm" and not self.top_right


def outcome(result: dict[str, Any], answer: dict[str, Any]) -> Outcome:
    """One results line (engine format) against its answer."""
    expected, difficulty = answer["person_id"], str(answer["difficulty"])
    name = str(answer.get("application_id", ""))
    if "error" in result:
        return Outcome(expected, difficulty, "refused", application_id=name)
    candidates = result.get("candidates") or []
    return Outcome(
        expected,
        difficulty,
        result["recommendation"],
        tuple(c["person_id"] for c in candidates),
        float(candidates[0]["score"]) if candidates else 0.0,
        name,
    )


def read_outcomes(results: Path, answers: list[dict[str, Any]]) -> list[Outcome]:
    """A results file, one line per applications line, against the answers in line order."""
    with results.open(encoding="utf-8") as handle:
        lines = [json.loads(line) for line in handle if line.strip()]
    if len(lines) != len(answers):
        raise SystemExit(f"{results}: {len(lines)} results for {len(answers)} applications")
    return [outcome(r, a) for r, a in zip(lines, answers, strict=True)]


def class_order(outcomes: Iterable[Outcome]) -> list[str]:
    """The difficulty classes: the project's in its order, any other alphabetically."""
    found = {o.difficulty for o in outcomes}
    return [c for c in PROJECT_CLASSES if c in found] + sorted(found - set(PROJECT_CLASSES))


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(outcomes: list[Outcome]) -> dict[str, Any]:
    """The figures of one group of applications."""
    findable = [o for o in outcomes if o.expected is not None]
    count = len(outcomes)
    return {
        "applications": count,
        "findable": len(findable),
        "top1": share(sum(o.top_right for o in findable), len(findable)),
        "recall_at_5": share(sum(o.expected in o.ids[:5] for o in findable), len(findable)),
        "auto_confirm": share(
            sum(o.recommendation == "confirm" and o.top_right for o in findable), len(findable)
        ),
        "false_confirmations": sum(o.confirmed_wrong for o in outcomes),
        "review_share": share(sum(o.recommendation == "review" for o in outcomes), count),
        "no_match_share": share(sum(o.recommendation == "no_match" for o in outcomes), count),
        "refused": sum(o.recommendation == "refused" for o in outcomes),
    }


def by_class(outcomes: list[Outcome]) -> dict[str, dict[str, Any]]:
    """Figures over all applications ("all") and per difficulty class."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[o.difficulty].append(o)
    return {"all": figures(outcomes)} | {c: figures(groups[c]) for c in class_order(outcomes)}


def recall_at(outcomes: list[Outcome], rate: float) -> float:
    """Best recall of confirming every application whose top score passes a threshold, with
    wrong confirmations at most `rate` of all applications."""
    allowed = int(rate * len(outcomes))
    findable = sum(o.expected is not None for o in outcomes)
    wrong = right = best = 0
    for o in sorted(outcomes, key=lambda o: -o.score):
        right += o.top_right and o.expected is not None
        wrong += not o.top_right and bool(o.ids)
        if wrong <= allowed:
            best = max(best, right)
    return round(best / findable, 4) if findable else 0.0


def calibration(outcomes: list[Outcome]) -> list[dict[str, object]]:
    """Per score band of the first candidate: how many, the mean score, and how often the
    first candidate was in fact the applicant (a calibrated score matches the two)."""
    bands = []
    for low, high in BANDS:
        inside = [o for o in outcomes if o.recommendation != "refused" and low <= o.score < high]
        if inside:
            bands.append(
                {
                    "band": f"[{low}, {min(high, 1.0)}]",
                    "applications": len(inside),
                    "mean_score": round(statistics.fmean(o.score for o in inside), 4),
                    "observed_right": round(sum(o.top_right for o in inside) / len(inside), 4),
                }
            )
    return bands


def evaluate(outcomes: list[Outcome]) -> dict[str, Any]:
    """A matcher's figures: per class, calibration, recall at false-confirmation rates."""
    return {
        "classes": by_class(outcomes),
        "calibration": calibration(outcomes),
        "recall_at_false_confirmation_1e-3": recall_at(outcomes, 1e-3),
        "recall_at_false_confirmation_1e-4": recall_at(outcomes, 1e-4),
        "false_confirmation_list": [
            {"application_id": o.application_id, "difficulty": o.difficulty,
             "applicant": o.expected, "confirmed": o.ids[0], "score": o.score}
            for o in outcomes
            if o.confirmed_wrong
        ][:LISTED],
    }  # fmt: skip


def engine_in_process(
    home: Path,
    country: str,
    applications: Path,
    answers: list[dict[str, Any]],
    start_model: Any,
    cli: list[Outcome],
) -> dict[str, Any]:
    """Candidate recall and the operating curve, from the engine's Python API. Every
    application is examined once; m is estimated over them all from `start_model` (the model
    `readmit verify` started from), as the CLI does; each application is then decided at each
    confirm bound. The decisions at the CLI's own bound are checked against the CLI's."""
    from pydantic import ValidationError

    from readmit.identity.engine import Engine, Examined
    from readmit.identity.schemas import VerifyRequest
    from readmit.identity.store import store_path
    from readmit.identity.verifying import estimated

    start = time.perf_counter()
    engine = Engine(country=country, store=store_path(home, country), model=start_model)
    examined: list[Examined | None] = []
    found: list[bool] = []
    sizes: list[int] = []
    for line, answer in zip(read_lines(applications), answers, strict=True):
        ids: list[str] = []
        item: Examined | None = None
        try:
            request = VerifyRequest.model_validate_json(line or "")
        except ValidationError:
            request = None  # the CLI refuses the line
        if request is not None:
            try:
                ids = engine.candidate_ids(request)
                item = engine.examine(request)
            except sqlite3.Error:
                raise
            except Exception:  # the CLI answers such a line with an error, as refused
                ids, item = [], None
        examined.append(item)
        sizes.append(len(ids))
        found.append(answer["person_id"] in ids)
    model = estimated(engine, [e for e in examined if e is not None])
    curve: dict[str, Any] = {}
    agreement = None
    for bound in BOUNDS:
        at = dataclasses.replace(model, max_wrong=bound)
        decided = [
            outcome(engine.decide(e, at).model_dump() if e else {"error": "refused"}, a)
            for e, a in zip(examined, answers, strict=True)
        ]
        curve[f"{bound:.0e}"] = {
            c: {k: f[k] for k in ("auto_confirm", "false_confirmations", "review_share")}
            for c, f in by_class(decided).items()
        }
        if bound == model.max_wrong:  # the bound `readmit verify` used
            agreement = sum(
                (d.recommendation, d.ids[:1]) == (o.recommendation, o.ids[:1])
                for d, o in zip(decided, cli, strict=True)
            )
    engine.close()
    groups: dict[str, list[tuple[Outcome, bool]]] = defaultdict(list)
    for o, hit in zip(cli, found, strict=True):
        if o.expected is not None:
            groups["all"].append((o, hit))
            groups[o.difficulty].append((o, hit))
    recall = {
        c: share(sum(hit for _, hit in groups[c]), len(groups[c]))
        for c in ["all", *class_order(cli)]
    }
    sizes.sort()
    return {
        "candidate_recall": recall,
        "candidates_per_application": {
            "p50": sizes[len(sizes) // 2] if sizes else 0,
            "p99": sizes[max(int(len(sizes) * 0.99) - 1, 0)] if sizes else 0,
            "max": sizes[-1] if sizes else 0,
        },
        "operating_curve": curve,
        "model": {"version": model.version, "m_source": model.parameters.source},
        "agrees_with_cli_at_default_bound": f"{agreement}/{len(cli)}",
        "seconds": round(time.perf_counter() - start, 1),
    }


TOP1, RECALL5, AUTO, VERIFY_SECONDS, VERIFY_COUNT = 0.95, 0.97, 0.70, 10.0, 2000


def targets(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The engine's figures against the issue's targets (met: True, False, or None when not
    measured)."""
    engine = entry["matchers"]["engine"]["classes"]
    total = engine["all"]
    splink = entry["matchers"].get("splink5", {}).get("classes")
    below = None
    if splink:
        below = [
            f"{c} ({engine[c]['recall_at_5']} < {splink[c]['recall_at_5']})"
            for c in engine
            if c != "all"
            and engine[c]["recall_at_5"] is not None
            and engine[c]["recall_at_5"] < (splink[c]["recall_at_5"] or 0.0)
        ]
    seconds = entry["timing"]["verify_seconds_incl_cli_start"]
    count = entry["data"]["applications"]
    return [
        {"target": "false confirmations = 0", "value": total["false_confirmations"],
         "met": total["false_confirmations"] == 0},
        {"target": f"top-1 ≥ {TOP1}", "value": total["top1"],
         "met": (total["top1"] or 0) >= TOP1},
        {"target": f"recall@5 ≥ {RECALL5}", "value": total["recall_at_5"],
         "met": (total["recall_at_5"] or 0) >= RECALL5},
        {"target": f"auto-confirm ≥ {AUTO}", "value": total["auto_confirm"],
         "met": (total["auto_confirm"] or 0) >= AUTO},
        {"target": "no class below Splink's recall@5",
         "value": "Splink not run" if below is None else ", ".join(below) or "none below",
         "met": None if below is None else not below},
        {"target": f"{VERIFY_COUNT:,} applications through the CLI < {VERIFY_SECONDS:g} s",
         "value": f"{seconds} s for {count:,} ({entry['timing'].get('verify_cpu_seconds')} s CPU)",
         "met": seconds < VERIFY_SECONDS if count >= VERIFY_COUNT else None},
    ]  # fmt: skip
