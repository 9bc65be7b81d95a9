"""Entrypoints: the HTTP app and the command line."""
