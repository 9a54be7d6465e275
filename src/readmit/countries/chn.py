"""China: Han-script register names (romanised into a lattice of schemes), GB/T 2260 division
codes of 6 digits, the 18-digit resident ID (older 15-digit ones upgraded), and Hanyu Pinyin
in the machine-readable zone."""

from readmit.countries import ALPHA2, CountryProfile
from readmit.documents.national_ids import validate_chn
from readmit.identity.places import build_chn
from readmit.identity.profiles import chinese_profile
from readmit.identity.romanise import is_han

# Between the parts of a minority name (阿依古丽·买买提).
SEPARATORS = frozenset(" ·•・‧")


def written_in_han(text: str) -> bool:
    """Whether a register name is in Han characters (separators allowed)."""
    return all(is_han(c) or c in SEPARATORS for c in text)


def upgrade_id(number: str) -> str:
    """A first-generation 15-digit ID in its 18-digit form (century 19, MOD 11-2 check
    character, ISO 7064); any other input unchanged."""
    if len(number) != 15 or not number.isdigit():
        return number
    body = number[:6] + "19" + number[6:]
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(body))
    return body + "10X98765432"[total % 11]


def mrz_name(family: str, given: str) -> tuple[str, str]:
    """Hanyu Pinyin of a Han name, as a Chinese passport writes it (王小明: WANG, XIAOMING)."""
    key = NAMES.register_name_keys(family, given, None, None)[0]
    latin_family, _, latin_given = key.partition("|")
    return latin_family, latin_given


def area(code: str) -> str | None:
    """The prefecture of a county or prefecture code (350181 → 3501), None for a province."""
    if len(code) != 6 or not code.isdigit() or code.endswith("0000"):
        return None
    return code[:4]


NAMES = chinese_profile("CHN")
PROFILE = CountryProfile(
    code="CHN",
    alpha2=ALPHA2["CHN"],
    names=NAMES,
    place_digits=6,
    native_script=("Han characters", written_in_han),
    gazetteer=build_chn,
    check_id=validate_chn,
    upgrade_id=upgrade_id,
    mrz_name=mrz_name,
    area=area,
)
