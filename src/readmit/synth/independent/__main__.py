"""Command line: ``python -m readmit.synth.independent register|applications …``."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from typing import NoReturn

from readmit.synth.independent.applications import make_applications
from readmit.synth.independent.register import (
    PROFILES,
    generate_register,
    read_register_csv,
    write_register_csv,
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line."""

    def error(self, message: str) -> NoReturn:
        """One line on stderr, exit status 2."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    """The two subcommands."""
    parser = _Parser(prog="python -m readmit.synth.independent", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    reg = sub.add_parser("register", help="write a synthetic register extract (CSV)")
    reg.add_argument("--country", required=True, type=str.upper, choices=sorted(PROFILES))
    reg.add_argument("--size", required=True, type=int)
    reg.add_argument("--out", required=True)
    reg.add_argument("--seed", type=int, default=1)
    app = sub.add_parser("applications", help="write applications (JSON lines) and their truth")
    app.add_argument("--country", required=True, type=str.upper, choices=sorted(PROFILES))
    app.add_argument("--register", required=True, help="register extract CSV")
    app.add_argument("--count", required=True, type=int)
    app.add_argument("--out", required=True)
    app.add_argument("--truth", required=True)
    app.add_argument("--seed", type=int, default=2)
    app.add_argument("--absent-share", type=float, default=1 / 3)
    return parser


def _write_jsonl(path: str, rows: list[dict[str, object]]) -> None:
    """One JSON object a line, UTF-8."""
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand; errors are one line on stderr (exit 1), never a traceback."""
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    try:
        if args.command == "register":
            if args.size < 0:
                raise ValueError("--size must not be negative")
            rows = generate_register(country=args.country, size=args.size, seed=args.seed)
            write_register_csv(args.out, rows)
            summary = f"{len(rows)} register rows"
        else:
            if args.count < 0:
                raise ValueError("--count must not be negative")
            register = read_register_csv(args.register)
            if not register:
                raise ValueError(f"{args.register}: the register is empty")
            apps, truth = make_applications(
                country=args.country,
                register=register,
                count=args.count,
                seed=args.seed,
                absent_share=args.absent_share,
            )
            _write_jsonl(args.out, list(apps))
            _write_jsonl(args.truth, list(truth))
            classes = Counter(t["difficulty"] for t in truth)
            summary = f"{len(apps)} applications in {len(classes)} classes"
    except (OSError, ValueError, KeyError, csv.Error) as exc:
        # One line, never a traceback: the file name for I/O errors, else the reason.
        if isinstance(exc, OSError) and exc.strerror:
            message = f"{exc.strerror}: {exc.filename}"
        else:
            message = str(exc)
        print(f"error: {message}", file=sys.stderr)
        return 1
    print(f"{summary} written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
