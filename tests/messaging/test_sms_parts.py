"""SMS parts for Latin and Khmer text, which numbers get SMS, and every kind within two parts in Khmer."""

import pytest

from lms.messaging.kinds import KINDS, render
from lms.messaging.sms import is_cambodian_mobile, sms_parts

KHMER_70 = "ក" * 70


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("Price: 5€ [approx]", 1),  # €, [ and ] are GSM-7 too, two septets each
        ("€" * 80, 1),
        ("€" * 81, 2),
        (KHMER_70, 1),
        (KHMER_70 + "ក", 2),
        ("ក" * 134, 2),
        ("ក" * 135, 3),
        ("a" * 69 + "é", 1),  # é is in the GSM alphabet
        ("a" * 70 + "ê", 2),  # ê is not: the whole message becomes UCS-2
        ("😀" * 35, 1),  # outside the BMP: two UTF-16 units each
        ("😀" * 36, 2),
    ],
)
def test_parts(text, parts):
    """Latin text fits 160 characters an SMS (153 a part), Khmer 70 (67 a part)."""
    assert sms_parts(text) == parts


def test_khmer_sentence():
    """A real Khmer reminder: one part up to 70 characters, two beyond."""
    reminder = "សូមចូលរួមវគ្គបណ្តុះបណ្តាលសុវត្ថិភាពអគ្គិភ័យ នៅថ្ងៃស្អែក ម៉ោង ៧:៣០ ព្រឹក នៅបន្ទប់ប្រជុំរោងចក្រ។"
    assert len(reminder) == 94
    assert sms_parts(reminder) == 2
    assert sms_parts(reminder[:70]) == 1


@pytest.mark.parametrize(
    ("phone", "mobile"),
    [
        ("+85512345678", True),
        ("+855969999999", True),
        ("+85597123456", True),
        ("+85523123456", False),  # Phnom Penh fixed line
        ("+8551234", False),
        ("+6591234567", False),  # Singapore mobile
        ("", False),
        ("not a number", False),
    ],
)
def test_cambodian_mobile(phone, mobile):
    """SMS goes only to Cambodian mobile numbers."""
    assert is_cambodian_mobile(phone) is mobile


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_within_two_parts_in_khmer(name):
    """Each kind of message, with a typical context, is at most two SMS in Khmer.

    Until the kind is translated the Khmer reader gets English; the English must then fit what two
    Khmer parts hold (134 characters), which leaves the translator the same room.
    """
    kind = KINDS[name]
    language, text = render(kind, "km", kind.example)
    if language == "km":
        assert sms_parts(text) <= 2, text
    else:
        assert len(text.encode("utf-16-le")) // 2 <= 134, text
