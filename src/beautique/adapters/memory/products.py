"""In-memory catalogue storage. (Stub: filled in by the catalogue storage work.)"""

from __future__ import annotations


class InMemoryCatalogVersion:
    def __init__(self) -> None:
        self.value = 0


class InMemoryProductRepository:
    def __init__(self, version: InMemoryCatalogVersion) -> None:
        self._version = version
