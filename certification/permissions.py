"""Who may see, download and revoke which certificates: decided here, once.

A certificate's files are the holder's. Factory HR sees the certificates issued while the holder
worked in its factory (`Certificate.factory`), and keeps seeing them after the holder moves on:
they are that factory's training record. Trainers and programme staff see every certificate.
Nobody else may download one, whatever address they have: the views answer 404, so a stranger
cannot even learn that it exists. Anyone may check a certificate on the public verify page, which
shows nothing personal beyond the holder's name.

Only programme staff revoke certificates and manage templates.
"""

from django.db.models import Q, QuerySet

from lms.people.choices import Role
from lms.people.permissions import is_factory_hr, is_programme_staff

from .models import Certificate


def _authenticated(user) -> bool:
    return getattr(user, "is_authenticated", False)


def sees_every_certificate(user) -> bool:
    """Programme staff and trainers."""
    return is_programme_staff(user) or (_authenticated(user) and user.has_role(Role.TRAINER))


def certificates_visible_filter(user) -> Q:
    """The rule of certificates_visible_to as a condition on Certificate."""
    if sees_every_certificate(user):
        return Q()
    if not _authenticated(user):
        return Q(pk__in=[])
    own = Q(person_id=user.pk)
    if is_factory_hr(user):
        return own | Q(factory_id=user.factory_id)
    return own


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """Every certificate this user may see and download."""
    return Certificate.objects.filter(certificates_visible_filter(user))


def user_can_download(user, certificate: Certificate) -> bool:
    if sees_every_certificate(user):
        return True
    if not _authenticated(user):
        return False
    if certificate.person_id == user.pk:
        return True
    return is_factory_hr(user) and certificate.factory_id is not None and certificate.factory_id == user.factory_id


def user_can_read_register(user) -> bool:
    """HR (its own factory), trainers and programme staff open the certificate register."""
    return sees_every_certificate(user) or is_factory_hr(user)


def user_can_revoke(user) -> bool:
    return is_programme_staff(user)


def user_can_regenerate(user) -> bool:
    """Draw a template's certificates again after it changed."""
    return is_programme_staff(user)
