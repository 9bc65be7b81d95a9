"""In-memory admin storage. (Stub: filled in by the admin-auth work.)"""

from __future__ import annotations


class InMemoryAdminRepository:
    pass
