"""An independent generator of synthetic registers and readmission applications (CHN, GTM).

Written from the domain briefs (../shared/identity.md, ../shared/domain.md) and the README's
file formats only, without reading the identity engine or the project's own generator, so that
the engine can be judged on data it was not built around.

- ``generate_register(country=, size=, seed=)``: register extract rows (README columns): families
  of siblings sharing parents, surname(s) and birthplace; heavy-tailed surnames and given names
  (namesakes born the same year occur at 200k); valid national IDs (CHN resident ID with its
  division code, date, sex and check character; GTM CUI) and passports.
- ``make_applications(country=, register=, count=, seed=, absent_share=1/3)``: applications in
  the README's JSON-lines format and truth rows with a difficulty class each; the error model
  and its rates are documented in ``applications``; country facts and their sources in
  ``chn_surnames``, ``chn_data``, ``chn``, ``chn_places``, ``gtm_data`` and ``gtm``.
- Command line: ``python -m readmit.synth.independent register|applications …``.

Nothing is downloaded: names and places come from the tables here, python-stdnum's division
codes, pypinyin, cantonese-romanisation and opencc.
"""

from readmit.synth.independent.applications import all_classes, make_applications
from readmit.synth.independent.register import (
    generate_register,
    read_register_csv,
    write_register_csv,
)

__all__ = [
    "all_classes",
    "generate_register",
    "make_applications",
    "read_register_csv",
    "write_register_csv",
]
