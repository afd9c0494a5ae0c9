"""Revoking a certificate: programme staff only, with a reason, once; recorded and told to the holder."""

import pytest

from certification.choices import CertificateAction, CertificateState
from certification.factories import CertificateFactory, completion_make
from certification.models import Certificate, CertificateEvent
from certification.services.errors import AlreadyRevoked, NotAllowed, ReasonRequired
from certification.services.revoking import certificate_revoke
from lms.messaging.models import Message


@pytest.fixture
def certificate(worker_a, fire_course):
    return CertificateFactory(completion=completion_make(person=worker_a, course=fire_course))


def test_staff_revoke_with_a_reason_recorded_and_the_holder_told(certificate, programme_staff, worker_a):
    """The certificate reads revoked, the audit trail says who and why, and the worker gets a message."""
    revoked = certificate_revoke(certificate=certificate, by=programme_staff, reason="  Attendance sheet forged ")
    certificate.refresh_from_db()
    assert certificate.state() == CertificateState.REVOKED
    assert (certificate.revoked_by, certificate.revoked_reason) == (programme_staff, "Attendance sheet forged")
    assert revoked.revoked_at == certificate.revoked_at
    event = CertificateEvent.objects.get(certificate=certificate)
    assert (event.action, event.actor, event.reason) == (
        CertificateAction.REVOKED,
        programme_staff,
        "Attendance sheet forged",
    )
    message = Message.objects.get(person=worker_a, kind="certificate_revoked")
    assert message.key == f"certificate:{certificate.pk}:revoked"


@pytest.mark.parametrize("who", ["trainer", "hr_a", "worker_a"])
def test_only_programme_staff_may_revoke(certificate, who, request):
    """A trainer, HR or the holder cannot revoke; nothing changes."""
    with pytest.raises(NotAllowed):
        certificate_revoke(certificate=certificate, by=request.getfixturevalue(who), reason="Mistake")
    assert Certificate.objects.get().revoked_at is None and not CertificateEvent.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_reason_is_required(certificate, programme_staff, reason):
    """Revoking without saying why is refused: the holder and auditors must read the reason."""
    with pytest.raises(ReasonRequired):
        certificate_revoke(certificate=certificate, by=programme_staff, reason=reason)
    assert Certificate.objects.get().revoked_at is None


def test_a_certificate_is_revoked_once(certificate, programme_staff, worker_a):
    """Revoking again (a second tab, a stale page) is refused and keeps the first reason and one message."""
    certificate_revoke(certificate=certificate, by=programme_staff, reason="First reason")
    with pytest.raises(AlreadyRevoked):
        certificate_revoke(certificate=certificate, by=programme_staff, reason="Second reason")
    assert Certificate.objects.get().revoked_reason == "First reason"
    assert CertificateEvent.objects.count() == 1
    assert Message.objects.filter(kind="certificate_revoked").count() == 1
