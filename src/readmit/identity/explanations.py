"""The engine's explanations in the reader's language.

The engine stores its reason and its per-field sentences in English with each recommendation:
the record must not depend on the language of whoever started the verification. Pages show
them in the reader's language by matching the stored text back to the template it was made
from, so recommendations of any age translate; text that matches no template is shown as it
was stored."""

import re
from functools import cache

from readmit.i18n import DEFAULT, N_, current, gettext
from readmit.identity.comparisons import COMPARISONS, NOT_COMPARED

IMPLIED = N_("{sentence} (implied by the national ID)")

# The recommendation's reason (engine.py).
NO_PLAUSIBLE_MATCH = N_("no register person is a plausible match")
WRONG_MATCH = N_("estimated probability of a wrong match {p}")
WRONG_MATCH_TINY = N_("estimated probability of a wrong match below 1e-12")
RUNNER_UP = N_("a runner-up is too close")
FACE_DISAGREES = N_("the face does not match this register person")
NAMES_APART = N_("the names do not agree closely and no document number agrees")
DATES_APART = N_("the dates of birth differ and no document number agrees")

# The face's sentence (biometrics/fusion.py).
FACE_STRONG = N_("cosine at or above {threshold}, a strong match among {size} faces")
FACE_WEAK = N_("between chance and a strong match: weak evidence")
FACE_NONMATCH = N_("below {threshold}: another person, or an unusable capture")
FACE_NONE = N_("no face enrolled for this person")

FIXED = (
    NOT_COMPARED,
    NO_PLAUSIBLE_MATCH,
    WRONG_MATCH_TINY,
    WRONG_MATCH,
    RUNNER_UP,
    FACE_DISAGREES,
    NAMES_APART,
    DATES_APART,
    FACE_STRONG,
    FACE_WEAK,
    FACE_NONMATCH,
    FACE_NONE,
)


def templates() -> list[str]:
    """Every sentence the engine can store, as a message id."""
    levels = [level.sentence for c in COMPARISONS.values() for level in c.levels]
    return list(dict.fromkeys([*FIXED, *levels]))


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    # Even parts are text, odd parts the names of the values filled in.
    return re.compile(
        "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    )


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    # A template without values first: "… below 1e-12" before "… {p}".
    ordered = sorted(templates(), key=lambda t: "{" in t)
    return tuple((_pattern(t), t) for t in ordered)


_IMPLIED = _pattern(IMPLIED)


def in_reader_language(text: str) -> str:
    """A stored explanation in the language of the page being served."""
    if current() == DEFAULT or not text:
        return text
    implied = _IMPLIED.fullmatch(text)
    if implied:
        return gettext(IMPLIED).format(sentence=in_reader_language(implied["sentence"]))
    for pattern, template in _patterns():
        found = pattern.fullmatch(text)
        if found:
            return gettext(template).format(**found.groupdict())
    return text
