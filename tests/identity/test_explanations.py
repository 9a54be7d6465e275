"""The engine's stored English explanations read in the officer's language, whatever their age,
and unknown text is shown as stored."""

import pytest

from readmit import i18n
from readmit.biometrics import fusion
from readmit.identity import explanations
from readmit.identity.comparisons import sentence
from readmit.identity.explanations import in_reader_language


@pytest.mark.parametrize(
    ("stored", "locale", "shown"),
    [
        ("same date of birth", "zh_Hans", "出生日期相同"),
        ("same date of birth", "es", "misma fecha de nacimiento"),
        (
            sentence("name", "exact", count=3),
            "zh_Hans",
            "姓名相同，登记册中有 3 人同名",
        ),
        (
            sentence("birth_date", "exact") + " (implied by the national ID)",
            "es",
            "misma fecha de nacimiento (implícito en el documento nacional de identidad)",
        ),
        ("estimated probability of a wrong match 3e-05", "zh_Hans", "错误匹配的估计概率为 3e-05"),
        (
            "estimated probability of a wrong match below 1e-12",
            "es",
            "probabilidad estimada de una coincidencia errónea inferior a 1e-12",
        ),
        (
            fusion.explain("nonmatch", 100),
            "es",
            "inferior a 0.25: otra persona, o una captura inutilizable",
        ),
        ("something the engine never said", "zh_Hans", "something the engine never said"),
        ("same date of birth", "en", "same date of birth"),
    ],
)
def test_a_stored_explanation_reads_in_the_language(stored: str, locale: str, shown: str) -> None:
    with i18n.using(locale):
        assert in_reader_language(stored) == shown


@pytest.mark.parametrize("template", explanations.templates())
def test_every_sentence_the_engine_stores_is_found_again(template: str) -> None:
    stored = template.format(count=12, p="2e-04", threshold="0.61", size="1,000")
    with i18n.using("zh_Hans"):
        shown = in_reader_language(stored)
    assert shown != stored
    assert all(value in shown for value in ("12", "2e-04", "0.61", "1,000") if value in stored)
