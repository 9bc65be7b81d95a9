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
regular price, or an active product that needs an image. A refusal with another status (a stale
If-Match, a file that is not a photo) goes in `STATE_STATUSES` with what its `detail` must say.
"""

from __future__ import annotations

import json
import re
from typing import Any

import schemathesis
from schemathesis import CheckContext
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case

from . import lifecycle

# Schemathesis's own default for `positive_data_acceptance` (5xx is `not_a_server_error`'s job).
POSITIVE_DEFAULT = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]

_LINE = r"items\.\d+\."
_PRODUCT_FIELDS = [
    # Two fields compared: no schema keyword can.
    ("sale_price", "^must be at least 0 and below regular_price$"),
    # An active product needs a photo; a PUT may activate a product saved without one.
    ("images", "^an active product needs at least 1 image$"),
    # The allowed image hosts are configuration (IMAGE_ALLOWED_HOSTS), not part of the schema;
    # the shop's own media URL is the one exception to https.
    (r"images\.\d+", "^(?:host \\S+ is not an allowed image host|must be an absolute https URL)$"),
    # Colours are counted ignoring case ("Red" and "red" are one).
    ("colors", "^must list at most \\d+ colours$"),
]
_PRODUCT = "/api/admin/products/{product_id}"
_DATE_ORDER = [("start_date", "^must not be after end_date$")]
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
    ("POST", "/api/admin/products"): _PRODUCT_FIELDS,
    ("PUT", _PRODUCT): _PRODUCT_FIELDS,
    ("POST", _PRODUCT + "/images"): [
        # Photos already on the product count too.
        ("images", "^a product holds at most \\d+ images; it has \\d+ and \\d+ more were sent$"),
        # The content is checked, not the declared type (Schemathesis sends samples of many
        # formats, and random bytes, as `format: binary`).
        (r"images\.\d+", "^(?:is damaged or incomplete|has far too many pixels)$"),
    ],
    ("GET", "/api/admin/orders"): _DATE_ORDER,
    ("GET", "/api/admin/orders/export"): _DATE_ORDER,
}
# Statuses besides 422 that a schema-valid request may get, and what the answer's detail says.
STATE_STATUSES: dict[tuple[str, str], dict[int, str]] = {
    # An If-Match naming a revision the product no longer has (any string is a possible ETag).
    ("PUT", _PRODUCT): {412: r"\(If-Match no longer matches\)"},
    # A file whose bytes are no photo at all (sent as image/png or not, it is the content).
    ("POST", _PRODUCT + "/images"): {415: r"is not a JPEG, PNG or WebP image"},
}


# Schemathesis's own default for `negative_data_rejection`.
NEGATIVE_DEFAULT = [
    "400",
    "401",
    "403",
    "404",
    "405",
    "406",
    "409",
    "415",
    "422",
    "428",
    "429",
    "5xx",
]
# A precondition is evaluated before the request content is (RFC 9110 §13.2.2): a stale If-Match
# is a 412 whatever the body holds.
NEGATIVE_STATUSES: dict[tuple[str, str], list[str]] = {("PUT", _PRODUCT): ["412"]}


# Checks that do not apply to an operation, and why. A product deleted with DELETE .../permanent is
# gone from its parent path too, which Schemathesis's availability check cannot know: `lifecycle.py`
# holds the routes addressing one product instead.
CHECKS_OFF: dict[tuple[str, str], list[str]] = {
    op: ["ensure_resource_availability"] for op in lifecycle.BY_ID
}
# DELETE /api/admin/products/{id} deactivates (contract #12): the owner still reads the product
# (is_active false), so a 200 after it is no use after free.
CHECKS_OFF[("GET", _PRODUCT)].append("use_after_free")
# A schema-violating multipart upload does not survive serialisation as such: Schemathesis's
# "negative" bodies reach the server as well-formed form data (unknown form fields, which the
# upload ignores as documented, beside real image parts), so the check reports a valid upload
# accepted. tests/http/test_admin_product_images.py holds every refusal an upload must give.
CHECKS_OFF.setdefault(("POST", _PRODUCT + "/images"), []).append("negative_data_rejection")


def check_settings() -> dict[tuple[str, str], dict[str, Any]]:
    """Per operation, the settings of the built-in checks that differ from Schemathesis's: the
    statuses `positive_data_acceptance` lets through (422 and those of `STATE_STATUSES`, which
    `refused_only_for_state` then holds to their listed reasons), those `negative_data_rejection`
    also accepts, and the checks turned off."""
    settings: dict[tuple[str, str], dict[str, Any]] = {}
    for op in {*STATE_RULES, *STATE_STATUSES}:
        statuses = [*POSITIVE_DEFAULT, *(["422"] if op in STATE_RULES else [])]
        statuses += [str(status) for status in STATE_STATUSES.get(op, {})]
        settings.setdefault(op, {})["positive_data_acceptance"] = {"expected-statuses": statuses}
    for op, extra in NEGATIVE_STATUSES.items():
        rejected = {"expected-statuses": [*NEGATIVE_DEFAULT, *extra]}
        settings.setdefault(op, {})["negative_data_rejection"] = rejected
    for op, names in CHECKS_OFF.items():
        settings.setdefault(op, {}).update({name: {"enabled": False} for name in names})
    return settings


def _all_positive(meta: Any) -> bool:
    # A coverage case can be "positive" overall with one negative component (e.g. its body).
    parts = [meta.generation.mode, *(c.mode for c in meta.components.values())]
    return all(mode.is_positive for mode in parts)


@schemathesis.check
def refused_only_for_state(
    ctx: CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    operation = (case.method.upper(), case.operation.path)
    meta = case.meta
    if meta is None or not _all_positive(meta):
        return None
    if is_unexpected_http_status_case(case):  # a request-shape probe, as the built-in check skips
        return None
    if response.status_code == 422 and operation in STATE_RULES:
        _explained_422(STATE_RULES[operation], json.loads(response.content).get("errors") or {})
    detail_rule = STATE_STATUSES.get(operation, {}).get(response.status_code)
    if detail_rule is not None:
        detail = json.loads(response.content).get("detail", "")
        if not re.search(detail_rule, detail):
            raise AssertionError(
                f"Schema-valid data refused with {response.status_code} for a reason the schema "
                f"should describe: {detail!r}"
            )
    return None


def _explained_422(rules: list[tuple[str, str]], errors: dict[str, list[str]]) -> None:
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
