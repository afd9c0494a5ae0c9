"""What certificates tell their holders and factory HR, through lms.messaging, in the reader's language.

The kinds are registered when this module is imported (CertificationConfig.ready). Each message has
a key naming the certificate and the event, so the same event never reaches a person twice however
often the issuing task or the daily job runs. HR hears of expiring certificates as one message per
factory, threshold and day, counting them, never one message per worker.

Links lead to the reader's own page: My learning for a holder, the certificate register for HR.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from lms.messaging.kinds import language_for, register_kind
from lms.messaging.services import notify, notify_many
from lms.people.models import Person

from .models import Certificate

# The register's address is fixed (certification/urls.py); the HR message points there.
REGISTER_PATH = "/certificates/register/"

EXAMPLE = {
    "course": "សុវត្ថិភាពអគ្គីភ័យ និងការជម្លៀសបន្ទាន់",
    "date": "១៥ មីនា ២០២៨",
    "count": "១២",
    "days": "៣០",
    "url": "https://sala.example.org/learning/",
}

register_kind("certificate_issued", _("Your certificate for %(course)s is ready: %(url)s"), example=EXAMPLE)
register_kind("certificate_revoked", _("Your certificate for %(course)s was revoked: %(url)s"), example=EXAMPLE)
register_kind(
    "certificate_expiring",
    _("Certificate for %(course)s expires %(date)s. Renew: %(url)s"),
    example=EXAMPLE,
)
register_kind(
    "certificate_expired",
    _("Certificate for %(course)s expired. You are enrolled again: %(url)s"),
    example=EXAMPLE,
)
register_kind(
    "certificates_expiring_hr",
    _("Certificates expiring within %(days)s days: %(count)s. See %(url)s"),
    example=EXAMPLE,
)


def _address(path: str) -> str:
    """An address on Sala's public site, as Wagtail's links use it (BASE_URL in the environment)."""
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def certificate_context(certificate: Certificate, language: str) -> dict:
    """The course's title and the expiry date in `language`, and the holder's My learning."""
    with translation.override(language_for(language)):
        return {
            "course": str(certificate.course.localized.title),
            "date": date_format(certificate.expires_on, "j M Y") if certificate.expires_on else "",
            "url": _address(reverse("shell:my_learning")),
        }


def tell_holder(certificate: Certificate, *, kind: str, key: str) -> None:
    """Tell the certificate's holder something about it, once per `key`."""
    holder = certificate.person
    notify(person=holder, kind=kind, key=key, context=certificate_context(certificate, holder.preferred_language))


def tell_issued(certificate: Certificate) -> None:
    tell_holder(certificate, kind="certificate_issued", key=f"certificate:{certificate.pk}:issued")


def tell_revoked(certificate: Certificate) -> None:
    tell_holder(certificate, kind="certificate_revoked", key=f"certificate:{certificate.pk}:revoked")


def tell_expiring(certificate: Certificate, *, days: int) -> None:
    tell_holder(certificate, kind="certificate_expiring", key=f"certificate:{certificate.pk}:expiring:{days}")


def tell_expired(certificate: Certificate) -> None:
    tell_holder(certificate, kind="certificate_expired", key=f"certificate:{certificate.pk}:expired")


def tell_factory_hr(*, factory_id: int, days: int, count: int, today: datetime.date, people: list[Person]) -> None:
    """Tell a factory's HR how many of its certificates reached the `days` reminder today: one
    message per factory, threshold and day, whoever runs the job again."""
    if not people:
        return
    key = f"certificates:factory:{factory_id}:expiring:{days}:{today.isoformat()}"
    groups: dict[str, list[Person]] = {}
    for person in people:
        groups.setdefault(language_for(person.preferred_language), []).append(person)
    for language, group in groups.items():
        with translation.override(language):
            context = {"count": str(count), "days": str(days), "url": _address(REGISTER_PATH)}
        notify_many(people=group, kind="certificates_expiring_hr", key=key, context=context)
