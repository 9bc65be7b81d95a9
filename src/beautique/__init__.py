"""Beautique: the backend of an online clothing boutique."""

__version__ = "0.1.0"
