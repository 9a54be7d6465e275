"""Guatemala: Spanish names (given names, paternal and maternal surnames), department and
municipality codes of 4 digits, and the CUI of the DPI."""

from readmit.countries import ALPHA2, CountryProfile
from readmit.documents.national_ids import validate_gtm
from readmit.identity.places import build_gtm
from readmit.identity.profiles import spanish_profile


def area(code: str) -> str | None:
    """The department of a municipality or department code (1301 → 13)."""
    return code[:2] if code.isdigit() and len(code) in (2, 4) else None


PROFILE = CountryProfile(
    code="GTM",
    alpha2=ALPHA2["GTM"],
    names=spanish_profile("GTM"),
    place_digits=4,
    gazetteer=build_gtm,
    check_id=validate_gtm,
    area=area,
)
