"""ISO 3166-1 countries, from the pinned `pycountry` package (Debian's iso-codes data, kept
with the package: nothing is fetched at run time)."""

import pycountry


def name(code: str) -> str | None:
    """The short English name of an ISO 3166-1 alpha-3 code, None when it is not one."""
    code = code.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        return None
    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        return None
    return str(getattr(found, "common_name", None) or found.name)


def alpha2(code: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of an alpha-3 code, None when it is not one."""
    found = pycountry.countries.get(alpha_3=code.strip().upper()) if name(code) else None
    return None if found is None else str(found.alpha_2)


def checked_codes(codes: list[str], what: str) -> list[str]:
    """A YAML file's list of ISO 3166-1 alpha-3 codes, unchanged; ValueError naming the codes
    that are not such codes, or that are listed twice."""
    wrong = [code for code in codes if code != code.upper() or name(code) is None]
    if wrong:
        raise ValueError(f"not ISO 3166-1 alpha-3 codes (such as MEX): {', '.join(wrong)}")
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise ValueError(f"{what} listed twice: {', '.join(twice)}")
    return codes
