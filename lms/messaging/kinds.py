"""The kinds of message Sala sends, each with its text in English (the source, translated to
Khmer and Chinese in the usual catalogues).

Apps register their kinds in their AppConfig.ready::

    register_kind("session_reminder", _("Reminder: %(session)s tomorrow at %(time)s, %(venue)s."))

Keep the English short and plain: the Khmer translation goes out as UCS-2 SMS, 70 characters for
one part and 67 for each part of a longer one, and every kind must stay within 2 parts in Khmer
(tests/messaging/test_sms_parts.py renders each registered kind to check it).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class UnknownKind(LookupError):
    pass


@dataclass(frozen=True)
class Kind:
    name: str
    text: Promise
    # False for messages that are not worth an SMS (they still reach the inbox, Telegram and email).
    sms: bool = True
    # A typical context, used to check that the rendering stays within two SMS parts.
    example: dict = field(default_factory=dict)


KINDS: dict[str, Kind] = {}


def register_kind(name: str, text: Promise, *, sms: bool = True, example: dict | None = None) -> Kind:
    """Declare a kind of message; registering the same name again replaces it (reloads, tests)."""
    kind = Kind(name=name, text=text, sms=sms, example=dict(example or {}))
    KINDS[name] = kind
    return kind


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(f"No message kind {name!r} is registered.") from None


def language_for(preferred: str) -> str:
    """The person's language if Sala speaks it, else English."""
    return preferred if preferred in dict(settings.LANGUAGES) else "en"


def render(kind: Kind, language: str, context: dict) -> tuple[str, str]:
    """Return (language, text): the kind's text in `language`, or in English when it has no
    translation there yet, so that the language recorded is the one the person actually reads."""
    language = language_for(language)
    with translation.override(language):
        template = str(kind.text)
    if language != "en":
        with translation.override("en"):
            if template == str(kind.text):
                language = "en"
    return language, template % context


register_kind(
    "welcome",
    _("Welcome to Sala, %(name)s! Learn on your phone: %(url)s"),
    example={"name": "សុខា ចាន់", "url": "https://sala.example.org/"},
)
register_kind(
    "broadcast",
    # The author's own words, with who wrote them; the text is limited where it is written.
    _("%(author)s: %(text)s"),
    example={"author": "ធីតា HR", "text": "ថ្ងៃស្អែកមានវគ្គបណ្តុះបណ្តាលសុវត្ថិភាពអគ្គិភ័យ ម៉ោង ៧:៣០ ព្រឹក។"},
)
