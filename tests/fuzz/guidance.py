"""How the suite steers generation toward real checkouts, without touching what is checked.

- Phone numbers: the schema's patterns describe every syntactically valid number; drawing them
  from the patterns is slow and rarely gives a number `phonenumbers` finds possible. The suite
  registers the schema's `phone` format with Pakistani mobile numbers as customers type them.
  Schemathesis still checks every value against the patterns.
- Carts: a stateful checkout gets its first line from a product the fuzzer read (see the API's
  OpenAPI links); further generated lines name random colours, which no product has. Half the
  schema-valid carts are cut to that first line, so linked checkouts can complete. With the admin
  routes fuzzed too, the stateful phase rarely walks from the catalogue to a checkout, so half the
  schema-valid carts of any phase also get a first line from a product the fuzzer last read in a
  catalogue answer (its id, a size and colour it comes in, its price): what a link would give.
- Orders: the admin order screens address orders by UUID, which no schema can guess. Half the
  schema-valid requests for one order name an order the fuzzer last saw (placed or listed), so
  status changes meet real orders and their rules (409 for an illegal move).
- Product photos: the allowed image hosts are configuration the schema cannot name, so half the
  schema-valid admin product bodies with photos get them on `res.cloudinary.com`, the shop's
  image host; only then can an active product be created (and ordered).
"""

from __future__ import annotations

import json
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
_PRODUCT_WRITES = {("POST", "/api/admin/products"), ("PUT", "/api/admin/products/{product_id}")}
_CATALOGUE_READS = {
    "/api/products": "items",
    "/api/products/bestsellers": "products",
    "/api/products/{product_id}": None,
}
_PHOTO = st.from_regex(r"\A[a-z0-9]{1,24}\Z").map(
    lambda name: f"https://res.cloudinary.com/beautique/image/upload/fuzz/{name}.jpg"
)
_ONE_ORDER = {
    ("GET", "/api/admin/orders/{order_id}"),
    ("PATCH", "/api/admin/orders/{order_id}/status"),
}
# Cart lines of the products the fuzzer read last, by product id (newest last).
_SEEN: dict[str, dict[str, Any]] = {}
# Ids of the orders the fuzzer saw placed or listed last (newest last).
_ORDERS: dict[str, None] = {}
_SEEN_MAX = 12


def _remember(seen: dict[str, Any], key: str, value: Any) -> None:
    seen.pop(key, None)
    seen[key] = value
    while len(seen) > _SEEN_MAX:
        seen.pop(next(iter(seen)))


def _is_positive(case: schemathesis.Case) -> bool:
    meta = case.meta
    if meta is None:
        return False
    modes = [meta.generation.mode, *(c.mode for c in meta.components.values())]
    return all(mode.is_positive for mode in modes)


def _line_of(product: dict[str, Any]) -> dict[str, Any] | None:
    if not (product.get("sizes") and product.get("colors") and "id" in product):
        return None
    price = product.get("effective_price")
    line = {"product_id": product["id"], "size": product["sizes"][0], "color": product["colors"][0]}
    return {**line, "price": price} if price is not None else line


def after_call(
    context: schemathesis.HookContext, case: schemathesis.Case, response: schemathesis.Response
) -> None:
    """Remembers the products a catalogue answer showed (as cart lines) and the orders placed or
    listed."""
    operation = (case.method.upper(), case.operation.path)
    if operation == _CHECKOUT and response.status_code == 201:
        _remember(_ORDERS, json.loads(response.content)["id"], None)
    elif operation == ("GET", "/api/admin/orders") and response.status_code == 200:
        for order in json.loads(response.content)["items"]:
            _remember(_ORDERS, order["id"], None)
    elif operation[0] == "GET" and operation[1] in _CATALOGUE_READS and response.status_code == 200:
        where = _CATALOGUE_READS[operation[1]]
        answer = json.loads(response.content)
        for product in [answer] if where is None else answer[where]:
            if (line := _line_of(product)) is not None:
                _remember(_SEEN, line["product_id"], line)


def _with_items(case: schemathesis.Case, items: list[Any]) -> schemathesis.Case:
    case.body = {**case.body, "items": items}
    return case


def _cart(case: schemathesis.Case) -> st.SearchStrategy[schemathesis.Case]:
    items = case.body["items"]
    cut = st.booleans().map(lambda short: items[:1] if short and len(items) > 1 else items)
    if not _SEEN:
        return cut.map(lambda kept: _with_items(case, kept))
    seen = st.sampled_from(list(_SEEN.values()))
    first = st.one_of(st.just(None), seen)  # None: the generated first line stays

    def combine(kept: list[Any], line: dict[str, Any] | None) -> schemathesis.Case:
        if line is None or not isinstance(kept[0], dict):
            return _with_items(case, kept)
        return _with_items(case, [{**kept[0], **line}, *kept[1:]])

    return st.tuples(cut, first).map(lambda drawn: combine(*drawn))


def _photos(case: schemathesis.Case) -> st.SearchStrategy[schemathesis.Case]:
    count = len(case.body["images"])

    def rehosted(urls: list[str] | None) -> schemathesis.Case:
        if urls is not None:
            case.body = {**case.body, "images": urls}
        return case

    hosted = st.lists(_PHOTO, min_size=count, max_size=count)
    return st.one_of(st.just(None), hosted).map(rehosted)


def _order(case: schemathesis.Case) -> st.SearchStrategy[schemathesis.Case]:
    def addressed(order_id: str | None) -> schemathesis.Case:
        if order_id is not None:
            case.path_parameters = {**(case.path_parameters or {}), "order_id": order_id}
        return case

    return st.one_of(st.just(None), st.sampled_from(list(_ORDERS))).map(addressed)


def flatmap_case(context: schemathesis.HookContext, case: schemathesis.Case) -> Any:
    operation = (case.method.upper(), case.operation.path)
    body = case.body
    if not _is_positive(case):
        return st.just(case)
    if operation in _ONE_ORDER and _ORDERS:
        return _order(case)
    if not isinstance(body, dict):
        return st.just(case)
    if operation == _CHECKOUT and isinstance(body.get("items"), list) and body["items"]:
        return _cart(case)
    if operation in _PRODUCT_WRITES and isinstance(body.get("images"), list) and body["images"]:
        return _photos(case)
    return st.just(case)


_registered: list[bool] = []


def register() -> None:
    """Once per process: Schemathesis keeps formats and hooks globally. A run starts having seen
    no product."""
    _SEEN.clear()
    _ORDERS.clear()
    if not _registered:
        schemathesis.openapi.format("phone", _PHONES)
        schemathesis.hook(flatmap_case)
        schemathesis.hook(after_call)
        _registered.append(True)
