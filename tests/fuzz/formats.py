"""Fast generators for the schema's named string formats. The patterns in the schema stay the
truth (Schemathesis still checks every value against them); these only spare it from drawing
thousands of strings from a pattern and throwing most away."""

from __future__ import annotations

import schemathesis
from hypothesis import strategies as st

from beautique.domain.phone import DIGITS, MAX_LENGTH

_PHONES = st.from_regex(
    r"\A\s{0,2}\+?[0-9]{2,4}[ \-.]?\(?[0-9]{3,4}\)?[ \-]?[0-9]{4,7}\s{0,2}\Z"
).filter(
    lambda text: DIGITS[0] <= sum(c.isdigit() for c in text) <= DIGITS[1]
    and len(text.strip()) <= MAX_LENGTH
)


def register() -> None:
    schemathesis.openapi.format("phone", _PHONES)
