"""Domain errors: a broken business rule. The docstring is the default message."""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """A business rule was broken."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message or (self.__doc__ or "").strip()
        super().__init__(self.message)


class RuleViolation(DomainError):
    """The data breaks one or more business rules."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors = {field: list(messages) for field, messages in errors.items()}
        super().__init__(
            "; ".join(f"{field}: {msg}" for field, msgs in self.errors.items() for msg in msgs)
        )


class IllegalTransition(DomainError):
    """That status change is not allowed."""


class PriceChanged(DomainError):
    """A product's price changed since the customer saw it."""


class Problems:
    """Collects every broken rule of one input, so the client sees all of them at once."""

    def __init__(self) -> None:
        self._errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self._errors.setdefault(field, []).append(message)

    def __bool__(self) -> bool:
        return bool(self._errors)

    def __contains__(self, field: object) -> bool:
        return field in self._errors

    def absorb(self, violation: RuleViolation) -> None:
        for field, messages in violation.errors.items():
            for message in messages:
                self.add(field, message)

    @property
    def errors(self) -> dict[str, list[str]]:
        return {field: list(messages) for field, messages in self._errors.items()}

    def raise_if_any(self) -> None:
        if self._errors:
            raise RuleViolation(self._errors)
