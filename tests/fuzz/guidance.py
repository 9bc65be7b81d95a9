"""How the suite steers generation toward real checkouts, without touching what is checked.

- Phone numbers: the schema's patterns describe every syntactically valid number; drawing them
  from the patterns is slow and rarely gives a number `phonenumbers` finds possible. The suite
  registers the schema's `phone` format with Pakistani mobile numbers as customers type them.
  Schemathesis still checks every value against the patterns.
- Carts: a stateful checkout gets its first line from a product the fuzzer read (see the API's
  OpenAPI links); further generated lines name random colours, which no product has. Half the
  schema-valid carts are cut to that first line, so linked checkouts can complete.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import strategies as st

from beautique.domain.phone import DIGITS, MAX_LENGTH

# Pakistani mobile numbers in the shapes customers type them (0300 1234567, +92 (300) 123-4567):
# possible numbers in the store's region, so generated checkouts can succeed.
_PHONES = st.from_regex(
    r"\A\s{0,2}(?:0|\+92[ \-]?)\(?3[0-9]{2}\)?[ \-.]?[0-9]{3}[ \-.]?[0-9]{4}\s{0,2}\Z"
).filter(
    lambda text: (
        DIGITS[0] <= sum(c.isdigit() for c in text) <= DIGITS[1] and len(text.strip()) <= MAX_LENGTH
    )
)
_CHECKOUT = ("POST", "/api/orders")


def _is_positive(case: schemathesis.Case) -> bool:
    meta = case.meta
    if meta is None:
        return False
    modes = [meta.generation.mode, *(c.mode for c in meta.components.values())]
    return all(mode.is_positive for mode in modes)


def _first_line_only(case: schemathesis.Case) -> schemathesis.Case:
    case.body = {**case.body, "items": case.body["items"][:1]}
    return case


def flatmap_case(context: schemathesis.HookContext, case: schemathesis.Case) -> Any:
    body = case.body
    if (
        (case.method.upper(), case.operation.path) != _CHECKOUT
        or not isinstance(body, dict)
        or not isinstance(body.get("items"), list)
        or len(body["items"]) < 2
        or not _is_positive(case)
    ):
        return st.just(case)
    return st.booleans().map(lambda short: _first_line_only(case) if short else case)


_registered: list[bool] = []


def register() -> None:
    """Once per process: Schemathesis keeps formats and hooks globally."""
    if not _registered:
        schemathesis.openapi.format("phone", _PHONES)
        schemathesis.hook(flatmap_case)
        _registered.append(True)
