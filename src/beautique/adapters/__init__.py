"""Adapters: the ports implemented with real technology. Only container.py imports these."""
