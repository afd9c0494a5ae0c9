"""What a certificate's page says, in its holder's language and in English.

Everything is worked out here as plain text and addresses; the layout template only places it.
A worker reads the Khmer (or Chinese) line first and an inspector or a buyer the English one
under it, so most things come as a `Bilingual` pair; for an English-reading holder there is one
line. Names are printed as the person's records hold them: the Khmer-script name family name
first, as Khmer is written, and the Latin-script name in the same order, as Cambodian names are.
"""

import base64
import dataclasses
import datetime
import logging

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils import formats, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.messaging.kinds import language_for

from .fetcher import static_address, upload_address

logger = logging.getLogger(__name__)

# The language codes of the HTML (and so of Pango's shaping and font choice) and of the wording.
HTML_LANG = {"en": "en", "km": "km", "zh-hans": "zh-Hans"}
WORDING_LANG = {"en": "en", "km": "km", "zh-hans": "zh"}
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
LOGO_FILTER = "max-800x320"
SIGNATURE_FILTER = "max-480x200"

ISSUED_ON = _("Issued on")
EXPIRES_ON = _("Expires on")
DOES_NOT_EXPIRE = _("Does not expire")
FACTORY = _("Factory")
CODE = _("Verification code")
CHECK_AT = _("Check that this certificate is genuine at")


@dataclasses.dataclass(frozen=True)
class Bilingual:
    """A text in the holder's language (`local`, empty when it is the English) and in English."""

    local: str
    english: str
    lang: str = "en"

    @classmethod
    def of(cls, local: str, english: str, language: str) -> "Bilingual":
        same = language == "en" or not local or local.strip() == english.strip()
        return cls(local="" if same else local, english=english, lang=HTML_LANG[language])


@dataclasses.dataclass(frozen=True)
class SignatoryText:
    name_km: str
    name: str
    title: Bilingual
    signature: str | None


def holder_language(person) -> str:
    """The holder's language as Sala speaks it: "en", "km" or "zh-hans"."""
    return language_for(person.preferred_language)


def translated(message, language: str) -> Bilingual:
    with translation.override(language):
        local = gettext(message)
    with translation.override("en"):
        english = gettext(message)
    return Bilingual.of(local, english, language)


def holder_names(person) -> tuple[str, str]:
    """The holder's name in Khmer script and in Latin script, family name first; either may be ""."""
    khmer = " ".join(part for part in (person.family_name_km, person.given_name_km) if part)
    latin = " ".join(part for part in (person.last_name, person.first_name) if part)
    if not khmer and not latin:
        latin = person.display_name
    return khmer, latin


def course_titles(course, language: str) -> Bilingual:
    """The course's title in the holder's language where a translation is live, and in English."""
    with translation.override(language):
        local = course.localized.title
    return Bilingual.of(local, course.title, language)


def date_text(day: datetime.date, language: str) -> str:
    """A day as people write it in `language`: Khmer month names and digits, 2026年3月25日."""
    if language == "en":
        with translation.override("en"):
            return date_format(day, "j F Y")
    with translation.override(language):
        text = formats.date_format(day, "DATE_FORMAT")
    return text.translate(KHMER_DIGITS) if language == "km" else text


def dates(day: datetime.date | None, language: str) -> Bilingual:
    if day is None:
        return translated(DOES_NOT_EXPIRE, language)
    return Bilingual.of(date_text(day, language), date_text(day, "en"), language)


def verify_url(code_display: str) -> str:
    """The address the QR code opens: the public verify page of this code."""
    base = (settings.WAGTAILADMIN_BASE_URL or "").rstrip("/")
    return f"{base}/verify/{code_display}/"


def qr_address(url: str) -> str:
    """A data: address of the QR code of `url` as SVG: sharp at any size, a few kilobytes."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    svg = code.make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def picture_address(image, filter_spec: str) -> str | None:
    """The address of a resized copy of a Wagtail image, or None when it cannot be made."""
    if image is None:
        return None
    try:
        return upload_address(image.get_rendition(filter_spec).file.name)
    except Exception:  # a missing or broken picture leaves a gap, never a certificate undrawn
        logger.warning("Certificate picture %s could not be drawn", image.pk, exc_info=True)
        return None


def signatories(template, language: str) -> list[SignatoryText]:
    suffix = WORDING_LANG[language]
    return [
        SignatoryText(
            name_km=signatory.name_km,
            name=signatory.name,
            title=Bilingual.of(getattr(signatory, f"title_{suffix}", ""), signatory.title, language),
            signature=picture_address(signatory.signature, SIGNATURE_FILTER),
        )
        for signatory in template.signatories.select_related("signature").order_by("sort_order", "pk")
    ]


def certificate_context(certificate) -> dict:
    """Everything the layout template prints for `certificate`."""
    template = certificate.template
    language = holder_language(certificate.person)
    local = template.wording(WORDING_LANG[language])
    english = template.wording("en")
    name_km, name_latin = holder_names(certificate.person)
    factory = certificate.factory
    url = verify_url(certificate.code_display)
    return {
        "lang": HTML_LANG[language],
        "stylesheet": static_address(f"certification/layouts/{template.layout}.css"),
        "logo": picture_address(template.logo, LOGO_FILTER),
        "heading": Bilingual.of(local["heading"], english["heading"], language),
        "statement": Bilingual.of(local["statement"], english["statement"], language),
        "issuer": Bilingual.of(local["issuer"], english["issuer"], language),
        "name_km": name_km,
        "name_latin": name_latin,
        "course": course_titles(certificate.course, language),
        "factory_km": factory.name_km if factory else "",
        "factory_latin": factory.name if factory else "",
        "labels": {
            "issued": translated(ISSUED_ON, language),
            "expires": translated(EXPIRES_ON, language),
            "factory": translated(FACTORY, language),
            "code": translated(CODE, language),
            "check": translated(CHECK_AT, language),
        },
        "issued_on": dates(certificate.issued_on, language),
        "expires_on": dates(certificate.expires_on, language),
        "signatories": signatories(template, language),
        "code": certificate.code_display,
        "verify_url": url,
        "qr": qr_address(url),
    }
