"""Turning what people type or paste into the one form Sala compares and stores.

Khmer keyboards type Khmer digits (០-៩); text copied from Word, Telegram or Excel brings
zero-width spaces, joiners and byte-order marks nobody can see; a full-width "１２" looks like
"12". Identifiers (worker IDs, phone numbers, PINs, codes) are compared after these are folded
away, so a look-alike never makes a second person or a wrong try. Names are stored exactly as
typed (Khmer spelling uses zero-width characters on purpose); search ignores the invisible ones.
"""

import unicodedata

# Characters that take no space on screen: zero-width space, non-joiner, joiner, word joiner,
# byte-order mark (zero-width no-break space), soft hyphen, Mongolian vowel separator and the
# left-to-right / right-to-left marks that right-to-left pastes bring along.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f"
_DROP_INVISIBLE = str.maketrans("", "", INVISIBLE)


def drop_invisible(text: str) -> str:
    """The text without characters that cannot be seen (for search, not for storing names)."""
    return (text or "").translate(_DROP_INVISIBLE)


def ascii_digits(text: str) -> str:
    """Every decimal digit of any script (Khmer ០-៩, Thai, Arabic-Indic…) as 0-9.

    Only true decimal digits change: superscripts such as "²" are not digits and stay as they are,
    so the caller's check refuses them.
    """
    return "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and unicodedata.decimal(ch, None) is not None else ch
        for ch in text or ""
    )


def normalise_identifier(text) -> str:
    """An identifier as stored and compared: NFKC, nothing invisible, ASCII digits, trimmed."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return ascii_digits(drop_invisible(text)).strip()


def is_ascii_number(text: str, *, max_digits: int) -> bool:
    """Plain digits 0-9 only, at most `max_digits` of them (refuses "²", "1e999", "NaN", 5,000 digits)."""
    return bool(text) and len(text) <= max_digits and text.isascii() and text.isdigit()
