"""The owner's dashboard: the shop's figures at one moment, days counted in the store's time zone."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from beautique.domain.order_id import business_day

from .order_views import DashboardFigures
from .ports import Clock, OrderQueries

REVENUE_DAYS = 30


class ShowDashboard:
    """`revenue_by_day` covers the last 30 business days, today (in the store's zone) included."""

    def __init__(self, queries: OrderQueries, clock: Clock, store_zone: ZoneInfo) -> None:
        self._queries = queries
        self._clock = clock
        self._zone = store_zone

    async def __call__(self) -> DashboardFigures:
        today = business_day(self._clock.now(), self._zone)
        return await self._queries.dashboard(today - timedelta(days=REVENUE_DAYS - 1), today)
