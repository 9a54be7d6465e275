"""Registers and applications of the independent generator, made once per test run (cached;
plain functions rather than fixtures so that this directory needs no conftest)."""

import functools
from typing import Any

from readmit.synth.independent import generate_register, make_applications

Rows = list[dict[str, str]]
Apps = tuple[list[dict[str, Any]], list[dict[str, Any]]]
SIZES = {"CHN": 200_000, "GTM": 60_000}  # 200k: the size at which CHN namesakes must occur


@functools.cache
def register(country: str) -> Rows:
    """The country's test register (seed 1)."""
    return generate_register(country=country, size=SIZES[country], seed=1)


@functools.cache
def applications(country: str) -> Apps:
    """2,000 applications about the test register (seed 2)."""
    return make_applications(country=country, register=register(country), count=2000, seed=2)
