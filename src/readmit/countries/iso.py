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
