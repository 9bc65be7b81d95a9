"""PhonenumbersNormalizer: E.164 with Google's libphonenumber metadata (no hand-written tables)."""

from __future__ import annotations

import functools

import phonenumbers

# libphonenumber refuses longer input anyway; cutting first keeps hostile query strings cheap.
MAX_INPUT = 64


class PhonenumbersNormalizer:
    """Reads a number without `+` in the store's region (PK: `0300 1234567` is `+923001234567`).

    Only *possible* numbers (a plausible length for their country) are accepted, not only
    *valid* ones: the metadata lags behind new number ranges, and refusing a real customer's
    phone at checkout costs more than storing an unusual one.
    """

    def __init__(self, region: str) -> None:
        self.region = region.upper()

    def to_e164(self, raw: str) -> str | None:
        return _e164(raw[:MAX_INPUT], self.region)


# A customer's number is read at checkout, again when they track the order, and again on each
# retry; parsing it is a noticeable share of a checkout's CPU. Inputs are at most MAX_INPUT long.
@functools.lru_cache(maxsize=4096)
def _e164(raw: str, region: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
