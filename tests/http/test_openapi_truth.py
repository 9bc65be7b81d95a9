"""The published OpenAPI document says what the server really accepts and returns.

The domain owns the rules; the schema only describes them. These tests hold the two together:
money is a number both ways, request bodies refuse unknown fields, and each published pattern
accepts a value exactly when the domain does (drawn by Hypothesis, validated by the same Rust
JSON Schema validator Schemathesis uses, whose regex dialect is not Python's).
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from beautique.container import memory_storage
from beautique.domain import checkout
from beautique.domain.errors import Problems
from beautique.domain.phone import phone_problem
from beautique.domain.text import control_problem
from beautique.entrypoints.http.app import create_app
from beautique.entrypoints.http.links import with_links
from tests.conftest import make_container, make_settings

Client = TestClient[Any]
MONEY = {"regular_price", "sale_price", "effective_price", "price", "total_amount"}
# Text as customers type it (white space of every kind, digits, separators, letters, @ and .)
# plus anything at all.
_TYPED = st.text(st.sampled_from(" \t\n\x0b\x1c\x85\xa0\u2003\u3000\ufeff0123456789+-.()@abZ"))
TEXT = st.one_of(_TYPED, st.text())


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    app = create_app(make_container(make_settings(), memory_storage()))
    with TestClient(app) as client:
        body: dict[str, Any] = client.get("/docs/openapi.json").json()
        return body


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = document["components"]["schemas"]
    return schemas


def _value(prop: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of a `T | None` property."""
    branches = [b for b in prop.get("oneOf", [prop]) if b.get("type") != "null"]
    return branches[0]


def _validator(document: dict[str, Any], struct: str, field: str) -> Any:
    return jsonschema_rs.validator_for(_value(_schemas(document)[struct]["properties"][field]))


def test_money_is_a_number_in_requests_and_responses(document: dict[str, Any]) -> None:
    seen = 0
    for name, schema in _schemas(document).items():
        for field, prop in schema.get("properties", {}).items():
            if field in MONEY:
                assert _value(prop)["type"] == "number", (name, field)
                seen += 1
    assert seen >= 6  # ProductOut x3, OrderItemIn, OrderItemView, CreatedOrderView, TrackingView


def test_request_bodies_refuse_unknown_fields_and_state_their_limits(
    document: dict[str, Any],
) -> None:
    schemas = _schemas(document)
    assert schemas["OrderIn"]["additionalProperties"] is False
    assert schemas["OrderItemIn"]["additionalProperties"] is False
    assert schemas["LoginRequest"]["additionalProperties"] is False
    items = schemas["OrderIn"]["properties"]["items"]
    assert (items["minItems"], items["maxItems"]) == (1, checkout.MAX_LINES)
    quantity = schemas["OrderItemIn"]["properties"]["quantity"]
    assert (quantity["minimum"], quantity["maximum"]) == (1, checkout.MAX_QUANTITY)
    method = schemas["OrderIn"]["properties"]["payment_method"]
    assert method["enum"] == ["Easypaisa", "Meezan Bank", "International Bank"]


def test_error_responses_have_their_real_bodies(document: dict[str, Any]) -> None:
    responses = document["paths"]["/api/orders"]["post"]["responses"]
    assert {"201", "400", "409", "413", "415", "422", "429", "503"} <= set(responses)
    schema_of = {
        code: r["content"]["application/json"]["schema"]["$ref"]
        for code, r in responses.items()
        if code != "201"
    }
    assert schema_of["422"].endswith("/ValidationErrorBody")
    assert all(ref.endswith("/ErrorBody") for code, ref in schema_of.items() if code != "422")
    assert _schemas(document)["ValidationErrorBody"]["required"] == ["detail", "errors"]


@settings(max_examples=300, database=None, deadline=None)
@given(text=TEXT)
def test_the_name_pattern_is_the_domain_rule(document: dict[str, Any], text: str) -> None:
    low, high = checkout.NAME_LENGTH
    name = text.strip()
    expected = low <= len(name) <= high and control_problem(name) is None
    assert _validator(document, "OrderIn", "customer_name").is_valid(text) == expected


@settings(max_examples=300, database=None, deadline=None)
@given(text=TEXT)
def test_the_phone_pattern_is_the_domain_rule(document: dict[str, Any], text: str) -> None:
    expected = phone_problem(text.strip()) is None
    assert _validator(document, "OrderIn", "phone").is_valid(text) == expected


@settings(max_examples=300, database=None, deadline=None)
@given(text=TEXT)
def test_the_email_pattern_is_the_domain_rule(document: dict[str, Any], text: str) -> None:
    problems = Problems()
    contact = checkout.ContactDetails(
        "Ayesha",
        "0300 1234567",
        "0300 1234567",
        text.strip(),
        "House 12, Street 4",
        "Lahore",
        None,
        None,
    )
    checkout.check_contact(problems, contact)
    domain_ok = not problems
    assert _validator(document, "OrderIn", "email").is_valid(text) == domain_ok


@pytest.mark.parametrize(
    ("line", "path"),
    [
        ({"quantity": "2"}, "items.0.quantity"),
        ({"quantity": 1, "price": "4950.50"}, "items.0.price"),
    ],
)
def test_numbers_sent_as_strings_are_refused(
    client: Client, line: dict[str, Any], path: str
) -> None:
    body = {
        "customer_name": "Ayesha Khan",
        "phone": "0300 1234567",
        "whatsapp": "0300 1234567",
        "address": "House 12, Street 4",
        "city": "Lahore",
        "payment_method": "Easypaisa",
        "items": [
            {
                "product_id": "3cee3757-31f9-533e-b33a-48f443f578af",
                "size": "M",
                "color": "Red",
                **line,
            }
        ],
    }
    response = client.post("/api/orders", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][path] == ["must be a number"]


def test_links_chain_catalogue_checkout_and_tracking(document: dict[str, Any]) -> None:
    paths = document["paths"]
    read = paths["/api/products/{product_id}"]["get"]["responses"]["200"]["links"]
    assert read["OrderThisProduct"]["operationRef"] == "#/paths/~1api~1orders/post"
    assert read["OrderThisProduct"]["requestBody"]["items"][0]["product_id"] == "$response.body#/id"
    placed = paths["/api/orders"]["post"]["responses"]["201"]["links"]
    assert placed["TrackThisOrder"]["parameters"]["phone"] == "$request.body#/phone"


def test_links_to_routes_that_do_not_exist_are_left_out() -> None:
    ok = {"200": {"description": "OK"}, "201": {"description": "Created"}}
    document = {
        "paths": {
            "/api/admin/products": {"post": {"responses": dict(ok)}},
            "/api/admin/products/{product_id}": {"get": {"responses": dict(ok)}},
        }
    }
    links = with_links(document)["paths"]["/api/admin/products"]["post"]["responses"]["201"]
    assert links["links"] == {
        "ReadTheProduct": {
            "operationRef": "#/paths/~1api~1admin~1products~1{product_id}/get",
            "description": "GET the product just created",
            "parameters": {"product_id": "$response.body#/id"},
        }
    }


def test_headers_every_such_answer_carries_are_documented(document: dict[str, Any]) -> None:
    checkout = document["paths"]["/api/orders"]["post"]["responses"]
    assert checkout["201"]["headers"]["Location"]["required"] is True
    assert checkout["429"]["headers"]["Retry-After"]["required"] is True
    me = document["paths"]["/api/admin/me"]["get"]["responses"]
    assert me["401"]["headers"]["WWW-Authenticate"]["required"] is True
