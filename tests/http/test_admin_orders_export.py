"""GET /api/admin/orders/export (contract #18): the CSV's bytes, its safety, its filters, and that it
is streamed batch by batch."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from beautique.application.order_export import COLUMNS
from beautique.domain.catalog import Size
from beautique.domain.order import Order
from beautique.domain.order_status import OrderStatus, PaymentStatus
from tests.builders import T0, customer, line, make_order
from tests.contract.test_order_queries import seed_four
from tests.http.admin_support import Client, freeze_time, sign_in, store

EXPORT = "/api/admin/orders/export"
HEADER = (
    "Order ID,Order Date,Customer Name,Phone,WhatsApp,Email,City,Country,Address,Items,"
    "Total Amount,Payment Method,Payment Status,Order Status,Delivery Status,"
    "Estimated Delivery,Tracking Notes,Notes"
)


def rows_of(response: Any) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


@pytest.fixture
def admin(client_factory: Callable[..., Client]) -> tuple[Client, dict[str, str]]:
    client = client_factory()
    return client, sign_in(client)


def hostile_order() -> Order:
    """Customer text a spreadsheet would run as formulas, in every free-text column."""
    order = make_order(
        3,
        customer=customer(
            name='=HYPERLINK("http://evil","Click")',
            address="+cmd|' /C calc'!A0, Street 4",
            city="-Lahore",
            notes="@SUM(1+1)",
            email=None,
        ),
        lines=(line("4950.50", 2), line("100", 1, name="=Gift wrap", size=Size.XL, color="Gold")),
    )
    return order.with_tracking(
        estimated_delivery=T0.date() + timedelta(days=4), tracking_notes="\tTCS 1", now=T0
    )


def test_bom_headers_columns_and_a_whole_row(client_factory: Callable[..., Client]) -> None:
    client = client_factory()
    freeze_time(client, datetime(2026, 11, 21, 19, 30, tzinfo=UTC))  # 00:30 on the 22nd in Karachi
    headers = sign_in(client)  # signed at the frozen time, so the token is valid then
    store(client, hostile_order())
    response = client.get(EXPORT, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="orders-20261122.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")
    assert tuple(HEADER.split(",")) == COLUMNS
    [row] = rows_of(response)
    assert row == {
        "Order ID": "BQ-20261121-003",
        "Order Date": "2026-11-21",
        "Customer Name": '\'=HYPERLINK("http://evil","Click")',
        "Phone": "0300 1234567",
        "WhatsApp": "'+92 300 1234567",  # a + phone starts like a formula too: the contract's rule
        "Email": "",
        "City": "'-Lahore",
        "Country": "Pakistan",
        "Address": "'+cmd|' /C calc'!A0, Street 4",
        "Items": "Silk Maxi - Red (M/Red) x2; =Gift wrap (XL/Gold) x1",
        "Total Amount": "10001.00",
        "Payment Method": "Easypaisa",
        "Payment Status": "Pending",
        "Order Status": "Received",
        "Delivery Status": "Not Started",
        "Estimated Delivery": "2026-11-25",
        "Tracking Notes": "'\tTCS 1",
        "Notes": "'@SUM(1+1)",
    }


def test_new_lines_and_quotes_stay_inside_their_cell(admin: Any) -> None:
    client, headers = admin
    store(client, make_order(customer=customer(notes='Ring "twice"\nthen, wait\r\nplease')))
    [row] = rows_of(client.get(EXPORT, headers=headers))
    assert row["Notes"] == 'Ring "twice"\nthen, wait\r\nplease'


@pytest.mark.parametrize("backend", ["memory", "sqlite", "postgres"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["sara", "zoe", "bilal", "ayesha"]),
        ("?payment_status=Pending", ["zoe", "ayesha"]),
        ("?order_status=Cancelled", ["zoe"]),
        ("?search=%2B92%20300%201234567", ["ayesha"]),
        ("?search=bilal", ["bilal"]),
        ("?start_date=2026-11-21&end_date=2026-11-21", ["zoe", "bilal"]),
        ("?limit=1&page=3", ["sara", "zoe", "bilal", "ayesha"]),  # no paging in an export
        ("?payment_method=International%20Bank&delivery_status=Delivered", []),
    ],
)
def test_the_lists_filters(
    client_factory: Callable[..., Client], backend: str, query: str, expected: list[str]
) -> None:
    client = client_factory(backend=backend)
    headers = sign_in(client)
    orders = client.blocking_portal.call(seed_four, client.app.state["container"].storage())
    names = {order.order_id.value: name for name, order in orders.items()}
    response = client.get(EXPORT + query, headers=headers)
    assert response.status_code == 200, response.text
    assert [names[row["Order ID"]] for row in rows_of(response)] == expected


def test_bad_filters_are_a_422_not_a_file(admin: Any) -> None:
    client, headers = admin
    response = client.get(EXPORT + "?payment_status=Refunded&end_date=soon", headers=headers)
    assert response.status_code == 422
    assert sorted(response.json()["errors"]) == ["end_date", "payment_status"]


def test_an_empty_shop_exports_the_header_row(admin: Any) -> None:
    client, headers = admin
    response = client.get(EXPORT, headers=headers)
    assert response.content == b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n"


def test_statuses_in_the_file_are_the_orders_current_ones(admin: Any) -> None:
    client, headers = admin
    order = make_order().change_status(
        payment=PaymentStatus.VERIFIED, order=OrderStatus.DELIVERED, by="sana", now=T0
    )
    store(client, order)
    [row] = rows_of(client.get(EXPORT, headers=headers))
    assert (row["Payment Status"], row["Order Status"], row["Delivery Status"]) == (
        "Verified",
        "Delivered",
        "Delivered",
    )
