"""Application errors: what a use case reports; the HTTP table maps each to a status."""

from __future__ import annotations


class ApplicationError(Exception):
    """Something a use case refuses; the docstring is the default message."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message or (self.__doc__ or "").strip()
        super().__init__(self.message)


class NotFound(ApplicationError):
    """Not found"""


class Conflict(ApplicationError):
    """The request conflicts with the current state"""


class StaleWrite(Conflict):
    """Someone else changed it meanwhile; reload and retry"""


class PreconditionFailed(ApplicationError):
    """The resource changed since the version the request names (If-Match)"""


class LeaseLost(Conflict):
    """This checkout took too long and a retry with the same Idempotency-Key took over; this attempt placed nothing"""


class Unauthorized(ApplicationError):
    """Not authenticated"""


class Forbidden(ApplicationError):
    """Not allowed"""


class RateLimited(ApplicationError):
    """Too many requests, please retry later"""

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        self.retry_after = max(1, retry_after)
        super().__init__(message)


class PayloadTooLarge(ApplicationError):
    """The request or file is too large"""


class UnsupportedMedia(ApplicationError):
    """Unsupported media type"""


class StorageUnavailable(ApplicationError):
    """The database is unavailable right now, please retry shortly"""

    retry_after = 5  # seconds: the longest wait a request of ours has before it gives up


class ImageStoreFailed(ApplicationError):
    """The image store failed"""
