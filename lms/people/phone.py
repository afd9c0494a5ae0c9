"""Cambodian phone numbers, normalised to +855 followed by the national number."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .normalise import is_ascii_number, normalise_identifier

_SEPARATORS = re.compile(r"[\s\-\.\(\)/]")


class InvalidPhoneNumber(ValidationError):
    pass


def normalise_phone(raw: str) -> str:
    """Return '+855XXXXXXXX(X)' for any usual way of writing a Cambodian number, or '' for blank.

    Accepts "012 345 678", "012-345-678", "+855 12 345 678", "855 12 345678" and "(+855) 012 345 678",
    also typed with Khmer digits (០១២ ៣៤៥ ៦៧៨), full-width characters or invisible ones pasted along.
    The result has ASCII digits only. Raises InvalidPhoneNumber for anything else.
    """
    text = _SEPARATORS.sub("", normalise_identifier(raw))
    if not text:
        return ""
    if text.startswith("+"):
        text = text[1:]
        if not text.startswith("855"):
            raise InvalidPhoneNumber(_("Only Cambodian numbers (+855) are accepted."), code="not_cambodian")
    if not is_ascii_number(text, max_digits=15):  # str.isdigit() would let "²" and other scripts through
        raise InvalidPhoneNumber(_("A phone number may contain only digits, spaces and dashes."), code="not_digits")
    if text.startswith("855"):
        text = text[3:]
    if text.startswith("0"):
        text = text[1:]
    if not (8 <= len(text) <= 9) or text[0] == "0":
        raise InvalidPhoneNumber(
            _("A Cambodian phone number has 9 or 10 digits starting with 0, for example 012 345 678."),
            code="bad_length",
        )
    return "+855" + text


def format_phone(normalised: str) -> str:
    """Show a stored number the way Cambodians write it: 012 345 678."""
    if not normalised.startswith("+855"):
        return normalised
    national = "0" + normalised[4:]
    return f"{national[:3]} {national[3:6]} {national[6:]}"
