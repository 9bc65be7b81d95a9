"""Refusals of schema-valid requests that no schema can express, and the check that holds the
server to exactly these.

A JSON Schema cannot know which products exist, which sizes and colours each one comes in, or
which phone numbers `phonenumbers` finds possible, or which Idempotency-Keys were already used,
nor compare two fields. So a schema-valid
request may still be a 422, but only for one of the reasons listed here, each tied to its field
path and message. Any other
422 for schema-valid data means the schema lies (it promises a value the server refuses), and
`refused_only_for_state` fails the run.

A new endpoint with such rules adds its entry to `STATE_RULES` (method, path template) →
[(field path regex, message regex)], e.g. an admin product whose sale price must stay below its
regular price, or an active product that needs an image.
"""

from __future__ import annotations

import json
import re
from typing import Any

import schemathesis
from schemathesis import CheckContext
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case

# Schemathesis's own default for `positive_data_acceptance` (5xx is `not_a_server_error`'s job).
POSITIVE_DEFAULT = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]

_LINE = r"items\.\d+\."
STATE_RULES: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("POST", "/api/orders"): [
        (_LINE + "product_id", "product not found or no longer available"),
        (_LINE + "size", " comes in "),
        (_LINE + "color", " comes in "),
        (_LINE + "quantity", "at most \\d+ of one product, size and colour"),
        ("phone", "is not a phone number we recognise"),
        ("Idempotency-Key", "was already used with a different request body"),
    ],
    ("GET", "/api/products"): [("min_price", "must not be greater than max_price")],
}


def expected_statuses() -> dict[tuple[str, str], list[str]]:
    """The built-in `positive_data_acceptance` lets these operations answer 422; the check below
    then decides whether each such 422 was for a listed reason."""
    return {op: [*POSITIVE_DEFAULT, "422"] for op in STATE_RULES}


def _all_positive(meta: Any) -> bool:
    # A coverage case can be "positive" overall with one negative component (e.g. its body).
    parts = [meta.generation.mode, *(c.mode for c in meta.components.values())]
    return all(mode.is_positive for mode in parts)


@schemathesis.check
def refused_only_for_state(
    ctx: CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    rules = STATE_RULES.get((case.method.upper(), case.operation.path))
    meta = case.meta
    if rules is None or meta is None or not _all_positive(meta):
        return None
    if is_unexpected_http_status_case(case):  # a request-shape probe, as the built-in check skips
        return None
    if response.status_code != 422:
        return None
    errors = json.loads(response.content).get("errors") or {}
    unexplained = {
        path: message
        for path, messages in errors.items()
        for message in messages
        if not any(re.fullmatch(p, path) and re.search(m, message) for p, m in rules)
    }
    if unexplained:
        raise AssertionError(
            f"Schema-valid data refused for reasons the schema should describe: {unexplained}"
        )
    return None
