"""A created product stays available until it is deleted for good: our own form of Schemathesis's
`ensure_resource_availability` for the admin catalogue.

Schemathesis counts a DELETE as removing only its own path and the paths below it, so after
`DELETE /api/admin/products/{id}/permanent` it takes the 404 of `GET /api/admin/products/{id}` for
a product that vanished (a false failure). Its check is turned off for the product routes
(`rules.CHECKS_OFF`) and this one holds them instead: after `POST /api/admin/products` answered 201,
every route addressing that product answers something other than 404 until a permanent delete of
it succeeded. (A deactivated product stays available to the owner: `DELETE` is a soft delete.)
"""

from __future__ import annotations

import json
from uuid import UUID

import schemathesis
from schemathesis import CheckContext

PRODUCT = "/api/admin/products/{product_id}"
PERMANENT = ("DELETE", PRODUCT + "/permanent")
# The routes that address one product, where Schemathesis's availability check is off.
BY_ID = [("GET", PRODUCT), ("PUT", PRODUCT), ("DELETE", PRODUCT), ("POST", PRODUCT + "/images")]

_created: set[str] = set()
_deleted: set[str] = set()


def forget() -> None:
    """A run starts knowing no product."""
    _created.clear()
    _deleted.clear()


def _product_id(case: schemathesis.Case) -> str | None:
    raw = (case.path_parameters or {}).get("product_id")
    try:
        return str(UUID(str(raw).strip()))  # as the server reads it (any case, braces, spaces)
    except ValueError:
        return None


@schemathesis.check
def created_products_stay_until_deleted(
    ctx: CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    operation = (case.method.upper(), case.operation.path)
    if operation == ("POST", "/api/admin/products") and response.status_code == 201:
        _created.add(json.loads(response.content)["id"])
        return None
    product_id = _product_id(case)
    if product_id is None or product_id not in _created:
        return None
    if operation == PERMANENT and response.status_code == 200:
        _deleted.add(product_id)
    elif operation in BY_ID and response.status_code == 404 and product_id not in _deleted:
        raise AssertionError(
            f"Product {product_id}, created by POST /api/admin/products, answered 404 on "
            f"{operation[0]} {operation[1]} although it was never deleted for good"
        )
    return None
