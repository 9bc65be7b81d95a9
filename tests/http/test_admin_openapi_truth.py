"""The OpenAPI document tells the truth about the admin routes too: each published pattern accepts a
value exactly when the server does (Hypothesis draws, the Rust validator Schemathesis uses judges),
the upload is a multipart form of photos, and the export is a CSV file."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from beautique.application.params import OrderFilters, parse_order_filters
from beautique.container import memory_storage
from beautique.domain.errors import RuleViolation
from beautique.domain.order import tracking_notes_problem
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentMethod
from beautique.domain.product import MAX_IMAGES
from beautique.entrypoints.http.app import create_app
from tests.builders import make_order
from tests.conftest import make_container, make_settings
from tests.http.admin_support import Client, sign_in, store

_SPACE = st.sampled_from(["", " ", "\t", "\n", "\u3000", "\x85", "\ufeff"])
_DATES = st.one_of(
    st.dates().map(lambda day: f"{day.year:04}-{day.month:02}-{day.day:02}"),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    st.text(st.sampled_from("0123456789-/ ")),
)
DATES = st.tuples(_SPACE, _DATES, _SPACE).map("".join)
TEXT = st.one_of(st.text(st.sampled_from(" \t\n\r\x0b\x1c\x85\xa0\u3000abc\x00\x7f")), st.text())


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    app = create_app(make_container(make_settings(), memory_storage()))
    with TestClient(app) as client:
        body: dict[str, Any] = client.get("/docs/openapi.json").json()
        return body


def _parameter(document: dict[str, Any], path: str, name: str) -> Any:
    parameters = document["paths"][path]["get"]["parameters"]
    schema = next(p["schema"] for p in parameters if p["name"] == name)
    return jsonschema_rs.validator_for(schema)


def _property(document: dict[str, Any], struct: str, field: str) -> dict[str, Any]:
    prop: dict[str, Any] = document["components"]["schemas"][struct]["properties"][field]
    return next((b for b in prop.get("oneOf", [prop]) if b.get("type") != "null"), prop)


def _filters_accept(**raw: str) -> bool:
    try:
        parse_order_filters(OrderFilters(**raw))
    except RuleViolation:
        return False
    return True


@settings(max_examples=300, database=None, deadline=None)
@given(text=DATES)
def test_the_order_date_filters_are_the_parser(document: dict[str, Any], text: str) -> None:
    for path in ("/api/admin/orders", "/api/admin/orders/export"):
        for name in ("start_date", "end_date"):
            valid = _parameter(document, path, name).is_valid(text)
            assert valid == _filters_accept(**{name: text}), (path, name)


def _spellings(value: str) -> st.SearchStrategy[str]:
    words = value.split(" ")
    joined = st.lists(st.sampled_from([" ", "-", "_", "  "]), min_size=len(words) - 1)
    cased = st.sampled_from([str.lower, str.upper, str.title, lambda s: s])
    return st.tuples(joined, cased, _SPACE).map(
        lambda d: d[2] + d[1]("".join(w + s for w, s in zip(words, [*d[0], ""], strict=False)))
    )


_CHOICES = {
    "payment_method": list(PaymentMethod),
    "order_status": list(OrderStatus),
    "delivery_status": list(DeliveryStatus),
}


@settings(max_examples=200, database=None, deadline=None)
@given(data=st.data())
def test_the_status_filters_are_the_parser(document: dict[str, Any], data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(_CHOICES)))
    text = data.draw(st.one_of(st.sampled_from(_CHOICES[name]).flatmap(_spellings), TEXT))
    valid = _parameter(document, "/api/admin/orders", name).is_valid(text)
    assert valid == _filters_accept(**{name: text}), text


@settings(max_examples=300, database=None, deadline=None)
@given(text=TEXT)
def test_the_tracking_notes_pattern_is_the_domain_rule(document: dict[str, Any], text: str) -> None:
    notes = text.strip() or None  # trimmed as every body string; emptied clears them
    pattern = _property(document, "StatusChangeIn", "tracking_notes")
    valid = jsonschema_rs.validator_for(pattern).is_valid(text)
    assert valid == (tracking_notes_problem(notes) is None)


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("2028-02-29", True), (" 2026-11-25\t", True), ("", True), ("   ", True),
        ("0001-01-01", True), ("9999-12-31", True), ("2026-02-29", False),
        ("2100-02-29", False), ("2000-02-29", True), ("0000-01-01", False),
        ("2026-11-31", False), ("20261125", False), ("2026-W48-3", False),
    ],
)  # fmt: skip
def test_the_estimated_delivery_pattern_is_what_a_status_change_accepts(
    document: dict[str, Any], client: Client, value: str, accepted: bool
) -> None:
    validator = jsonschema_rs.validator_for(
        _property(document, "StatusChangeIn", "estimated_delivery")
    )
    headers = sign_in(client)
    order = make_order()
    store(client, order)
    response = client.patch(
        f"/api/admin/orders/{order.id}/status", json={"estimated_delivery": value}, headers=headers
    )
    assert (response.status_code == 200, validator.is_valid(value)) == (accepted, accepted)


def test_status_changes_name_the_exact_statuses(document: dict[str, Any]) -> None:
    assert _property(document, "StatusChangeIn", "order_status")["enum"] == [
        s.value for s in OrderStatus
    ]
    assert _property(document, "StatusChangeIn", "delivery_status")["enum"] == [
        s.value for s in DeliveryStatus
    ]


def test_the_upload_is_a_form_of_one_to_ten_photos(document: dict[str, Any]) -> None:
    upload = document["paths"]["/api/admin/products/{product_id}/images"]["post"]
    form = upload["requestBody"]["content"]["multipart/form-data"]
    assert form["schema"]["required"] == ["images"]
    images = form["schema"]["properties"]["images"]
    assert (images["type"], images["minItems"], images["maxItems"]) == ("array", 1, MAX_IMAGES)
    assert images["items"] == {"type": "string", "format": "binary"}
    assert form["encoding"]["images"]["contentType"] == "image/jpeg, image/png, image/webp"
    # Litestar's description of the parsing dataclass (both names optional) is not published.
    assert "ImagesUpload" not in document["components"]["schemas"]


def test_the_export_is_documented_as_the_csv_it_sends(
    document: dict[str, Any], client: Client
) -> None:
    documented = document["paths"]["/api/admin/orders/export"]["get"]["responses"]["200"]
    headers = sign_in(client)
    response = client.get("/api/admin/orders/export", headers=headers)
    assert list(documented["content"]) == [response.headers["content-type"]]
    assert documented["content"][response.headers["content-type"]]["schema"] == {"type": "string"}
    assert "Content-Disposition" in documented["headers"]
    assert response.headers["content-disposition"].startswith("attachment; filename=")
