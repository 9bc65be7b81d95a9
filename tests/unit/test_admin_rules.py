"""The rules for a new admin's username, email and password: every bad field named at once."""

from __future__ import annotations

import pytest

from beautique.domain.admin import check_new_admin
from beautique.domain.errors import RuleViolation


def test_a_new_admin_reports_every_bad_field_at_once() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_new_admin("ab", "not-an-email", "short")
    assert set(caught.value.errors) == {"username", "email", "password"}


@pytest.mark.parametrize(
    ("username", "ok"),
    [("abc", True), ("a" * 50, True), ("ayesha.khan_2-x", True), ("ab", False),
     ("a" * 51, False), ("ayesha khan", False), ("ayeshä", False), ("admin@shop", False)],
)  # fmt: skip
def test_username_rule(username: str, ok: bool) -> None:
    problems = _problems(username=username)
    assert ("username" not in problems) is ok


@pytest.mark.parametrize(
    ("email", "ok"),
    [("a@example.com", True), ("a.b+c@mail.example.pk", True), ("a@localhost", False),
     ("a@@example.com", False), ("a b@example.com", False), ("x" * 250 + "@e.pk", False)],
)  # fmt: skip
def test_email_rule(email: str, ok: bool) -> None:
    assert ("email" not in _problems(email=email)) is ok


@pytest.mark.parametrize(
    ("password", "ok"),
    [("x" * 8, True), ("x" * 72, True), ("x" * 7, False), ("x" * 73, False),
     ("é" * 36, True), ("é" * 37, False)],  # bytes count, not characters: é is 2 bytes
)  # fmt: skip
def test_password_rule_counts_bytes(password: str, ok: bool) -> None:
    assert ("password" not in _problems(password=password)) is ok


def _problems(
    username: str = "ayesha", email: str = "a@example.com", password: str = "password1"
) -> dict[str, list[str]]:
    try:
        check_new_admin(username, email, password)
    except RuleViolation as exc:
        return exc.errors
    return {}
