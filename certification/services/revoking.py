"""Revoking a certificate: programme staff withdraw one issued by mistake or obtained unfairly.

The certificate stays in the record with who revoked it, when and why; the verify page shows it
as revoked from then on, and its holder is told. A certificate is revoked once.
"""

from django.db import transaction
from django.utils import timezone

from lms.people.models import Person

from ..choices import CertificateAction
from ..messages import tell_revoked
from ..models import Certificate, CertificateEvent
from ..permissions import user_can_revoke
from .errors import AlreadyRevoked, NotAllowed, ReasonRequired


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: Person, reason: str) -> Certificate:
    """Revoke a certificate, saying why: recorded in its audit trail, and its holder told.

    Raises NotAllowed (only programme staff revoke), ReasonRequired (an empty reason) or
    AlreadyRevoked (also when someone else revoked it a moment before).
    """
    if not user_can_revoke(by):
        raise NotAllowed()
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    certificate = (
        Certificate.objects.select_for_update(of=("self",)).select_related("person", "course").get(pk=certificate.pk)
    )
    if certificate.revoked_at is not None:
        raise AlreadyRevoked()
    now = timezone.now()
    certificate.revoked_at, certificate.revoked_by, certificate.revoked_reason = now, by, reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    CertificateEvent.objects.create(
        certificate=certificate, action=CertificateAction.REVOKED, actor=by, at=now, reason=reason
    )
    tell_revoked(certificate)
    return certificate
