"""Free text from customers and admins: which characters may appear in it.

Control characters have no place in a name or an address: NUL is refused by PostgreSQL
(a 500 after the order number was taken), and the others forge lines in logs and CSV
exports or hide text on screen. Tab is harmless everywhere; line breaks only where the
customer may write several lines (address, notes).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # C0 and DEL, tab allowed
_CONTROL_BUT_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # also \n and \r

SINGLE_LINE_PROBLEM = "must not contain control characters or line breaks"
MULTI_LINE_PROBLEM = "must not contain control characters other than tab and line breaks"


def control_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why `text` is refused for its control characters, or None when it has none."""
    if multiline:
        return MULTI_LINE_PROBLEM if _CONTROL_BUT_LINE_BREAKS.search(text) else None
    return SINGLE_LINE_PROBLEM if _CONTROL.search(text) else None
