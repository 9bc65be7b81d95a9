"""The client address behind a reverse proxy: X-Forwarded-For, believed from trusted proxies only.

Rate limits count per client address. Behind a proxy every request comes from the proxy, so the
address it forwards is used instead, but only when the request really comes from a proxy listed
in FORWARDED_ALLOW_IPS; anyone else could write any address into the header. Of the forwarded
chain, the right-most address that is not itself a trusted proxy is the client (the left-most
with `*`, where every hop is trusted), as uvicorn and granian do.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from litestar.types import Scope

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustedProxies:
    def __init__(self, entries: Iterable[str]) -> None:
        entries = tuple(entries)
        self.everyone = "*" in entries
        self._addresses = frozenset(e for e in entries if "/" not in e and e != "*")
        self._networks: tuple[Network, ...] = tuple(
            ipaddress.ip_network(e, strict=False) for e in entries if "/" in e
        )

    def __bool__(self) -> bool:
        return self.everyone or bool(self._addresses or self._networks)

    def trusts(self, host: str) -> bool:
        if self.everyone or host in self._addresses:
            return True
        if not self._networks:
            return False
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self._networks)

    def client_of(self, forwarded_for: str) -> str | None:
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        if not hops:
            return None
        if self.everyone:
            return hops[0]
        return next((hop for hop in reversed(hops) if not self.trusts(hop)), hops[0])

    def apply(self, scope: Scope, forwarded_for: bytes, forwarded_proto: bytes | None) -> None:
        """Put the forwarded client (and scheme) into `scope` when its sender is trusted."""
        client = scope.get("client")
        if not client or not self.trusts(client[0]):
            return
        host = self.client_of(forwarded_for.decode("latin-1"))
        if host is None:
            return
        scope["client"] = (host, 0)
        proto = (forwarded_proto or b"").decode("latin-1").strip().lower()
        if proto in ("http", "https"):
            scope["scheme"] = proto
