"""Helpers shared by the integration and fault suites: real servers, a TCP proxy, raw ASGI calls."""
