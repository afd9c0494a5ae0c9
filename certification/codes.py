"""Verification codes: short, unguessable, easy to read aloud and to type on a phone.

Ten characters from an alphabet of 31 (digits and capital letters without 0, 1, I, L and O,
which are read or typed for one another), about 49 bits drawn by `secrets`: with a million
certificates issued, one guess in 800 million finds one, and the verify page is rate-limited per
address. Shown in two groups of five ("K7MQ4-XR29T"). What is typed is read forgivingly: any case,
with or without the dash or spaces.
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
GROUP = 5
_SEPARATORS = re.compile(r"[\s\-‐‑–—]+")


def code_new() -> str:
    """A new code, stored without its dash."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_normalised(typed: str) -> str | None:
    """The stored form of a typed code, or None if it cannot be one."""
    if not isinstance(typed, str) or len(typed) > 40:
        return None
    code = _SEPARATORS.sub("", typed).upper()
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def code_display(code: str) -> str:
    """The code as people read it: two groups of five."""
    return f"{code[:GROUP]}-{code[GROUP:]}"
