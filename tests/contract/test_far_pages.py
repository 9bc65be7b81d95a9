"""A page far past the end is empty on every backend, however large its number: the offset must
never overflow the database's integer (contract §1: a page past the end returns `items: []`)."""

from __future__ import annotations

from typing import Any

import pytest

from beautique.application.queries import OrderQuery, PageRequest, ProductQuery
from tests.builders import make_order, make_product

HUGE_PAGES = [2**31, 2**63, 10**19, 10**99]


@pytest.mark.parametrize("page", HUGE_PAGES)
async def test_a_huge_order_page_is_empty_with_the_true_total(storage: Any, page: int) -> None:
    await storage.orders.add_many([make_order(1)])
    listed = await storage.order_queries.list_orders(OrderQuery(paging=PageRequest(page, 50)))
    assert (list(listed.items), listed.total, listed.page) == ([], 1, page)


@pytest.mark.parametrize("page", HUGE_PAGES)
async def test_a_huge_product_page_is_empty_with_the_true_total(storage: Any, page: int) -> None:
    await storage.products.add(make_product())
    found = await storage.products.search(ProductQuery(paging=PageRequest(page, 50)))
    assert (list(found.items), found.total, found.page) == ([], 1, page)
