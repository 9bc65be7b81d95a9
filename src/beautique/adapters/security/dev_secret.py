"""The JWT signing key: JWT_SECRET when configured, else a generated one kept in DATA_DIR."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_FILE = "jwt-secret"
MIN_SECRET_BYTES = 32


def jwt_signing_key(configured: str | None, data_dir: Path) -> str:
    """Production always configures JWT_SECRET (settings refuse to start without it); in
    development a missing one is generated once, so tokens survive restarts."""
    return configured if configured else development_secret(data_dir)


def development_secret(data_dir: Path) -> str:
    """Read DATA_DIR/jwt-secret, creating it (mode 0600) the first time.

    Several workers may start at once: each writes its candidate to a private temporary file and
    hard-links it into place; a link never replaces an existing file, so exactly one candidate
    wins and everyone reads the winner. A half-written secret can never be read.
    """
    path = data_dir / SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        _create_once(path)
    secret = path.read_text(encoding="utf-8").strip()
    if len(secret.encode("utf-8")) < MIN_SECRET_BYTES:
        raise RuntimeError(
            f"{path}: the stored JWT secret is shorter than {MIN_SECRET_BYTES} bytes; "
            "delete the file to generate a new one, or set JWT_SECRET"
        )
    return secret


def _create_once(path: Path) -> None:
    candidate = path.with_name(f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(candidate, path)
        except FileExistsError:
            pass  # another worker won the race: its secret is the one
        except OSError:  # a filesystem without hard links: fall back to a plain rename
            if not path.exists():
                os.replace(candidate, path)
    finally:
        candidate.unlink(missing_ok=True)
