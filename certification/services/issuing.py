"""Issuing certificates for completed courses, drawing their files, and drawing them again.

A completion gives one certificate, however often the issuing task runs or whichever of two
simultaneous runs wins: the certificate's completion is a unique key. The row and its ISSUED event
are written in one short transaction; the files are drawn afterwards, outside it (WeasyPrint takes
a second or more), so a worker killed while drawing leaves a certificate whose `rendered_at` is
empty, and the next run draws it. Both files are drawn before either is stored, and stored under
names fixed by the certificate's code, so a retried drawing replaces a half-written file.
"""

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.localization import canonical
from courses.models import Completion, CoursePage
from lms.people.models import Person

from ..choices import CertificateAction, RegenerationStatus
from ..codes import code_new
from ..messages import tell_issued
from ..models import Certificate, CertificateEvent, CertificateTemplate, CourseCertificate, Regeneration
from ..permissions import user_can_regenerate
from ..rendering import certificate_files
from ..states import expiry_date
from .errors import NotAllowed

logger = logging.getLogger(__name__)

# A new code clashes with an existing one about once in 500 million issues; a few tries suffice.
CODE_TRIES = 5


def certificate_template_for(course: CoursePage) -> CertificateTemplate:
    """The template a course names on its page (read on the English course), else the default."""
    settings = CourseCertificate.objects.filter(course=canonical(course), template__isnull=False).first()
    if settings is not None:
        return settings.template
    return CertificateTemplate.objects.get(is_default=True)


def certificate_validity_months(course: CoursePage, template: CertificateTemplate) -> int | None:
    """The course's own validity, else its template's; None: the certificate never expires."""
    return course.certificate_validity_months or template.validity_months or None


def _certificate_create(*, completion: Completion) -> Certificate:
    existing = Certificate.objects.filter(completion=completion).first()
    if existing is not None:
        return existing
    person: Person = completion.person
    course = canonical(completion.course)
    template = certificate_template_for(course)
    issued_on = timezone.localdate(completion.completed_at)
    defaults = {
        "person": person,
        "course": course,
        "template": template,
        "factory_id": person.factory_id,
        "department_id": person.department_id,
        "issued_on": issued_on,
        "expires_on": expiry_date(issued_on=issued_on, validity_months=certificate_validity_months(course, template)),
    }
    for attempt in range(CODE_TRIES):
        try:
            with transaction.atomic():
                # A simultaneous run that wins the completion makes this one read the winner.
                certificate, created = Certificate.objects.get_or_create(
                    completion=completion, defaults={**defaults, "code": code_new()}
                )
                if created:
                    CertificateEvent.objects.create(
                        certificate=certificate, action=CertificateAction.ISSUED, actor=None, at=certificate.issued_at
                    )
                return certificate
        except IntegrityError:
            # Not the completion (get_or_create read it back): the code was taken. Draw another.
            if attempt == CODE_TRIES - 1:
                raise
    raise AssertionError("unreachable")


def certificate_issue(*, completion: Completion) -> Certificate:
    """The certificate of a completion: created the first time (once, with its ISSUED event),
    its files drawn if they are not yet, and its holder told it is ready.

    Running it again changes nothing: the same certificate, no second event or message.
    """
    certificate = _certificate_create(completion=completion)
    if certificate.rendered_at is None:
        certificate = certificate_render(certificate=certificate)
    if certificate.revoked_at is None:
        tell_issued(certificate)
    return certificate


def _file_name(certificate: Certificate, extension: str) -> str:
    return f"certificates/{certificate.issued_on:%Y}/{certificate.code}.{extension}"


def _file_store(name: str, content: bytes) -> str:
    """Store `content` under exactly `name`, replacing what a killed earlier drawing left there."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


def _files_draw(certificate: Certificate) -> tuple[str, str]:
    """Draw both files, then store them under their final names: (pdf name, png name)."""
    files = certificate_files(certificate)
    return _file_store(_file_name(certificate, "pdf"), files.pdf), _file_store(
        _file_name(certificate, "png"), files.png
    )


def _rendered_mark(certificate: Certificate, pdf: str, png: str) -> Certificate:
    rendered_at = timezone.now()
    Certificate.objects.filter(pk=certificate.pk).update(pdf=pdf, png=png, rendered_at=rendered_at)
    certificate.pdf.name, certificate.png.name, certificate.rendered_at = pdf, png, rendered_at
    return certificate


def certificate_files_stored(certificate: Certificate) -> bool:
    """Whether both files are drawn and still in the storage (a restored backup may lack them)."""
    names = (certificate.pdf.name, certificate.png.name)
    return certificate.rendered_at is not None and all(name and default_storage.exists(name) for name in names)


def certificate_render(*, certificate: Certificate) -> Certificate:
    """Draw the certificate's PDF and PNG and store them; codes, dates and state stay as they are."""
    pdf, png = _files_draw(certificate)
    return _rendered_mark(certificate, pdf, png)


def certificate_reissue_as(*, certificate: Certificate, actor: Person | None, reason: str = "") -> Certificate:
    """Draw the files again and record who did it and why (a regeneration's requester)."""
    pdf, png = _files_draw(certificate)
    with transaction.atomic():
        _rendered_mark(certificate, pdf, png)
        CertificateEvent.objects.create(
            certificate=certificate, action=CertificateAction.REISSUED, actor=actor, reason=reason.strip()
        )
    return certificate


def certificate_reissue(*, certificate: Certificate, by: Person, reason: str = "") -> Certificate:
    """Draw a certificate again (new files from its template as it is now), recorded in its audit
    trail with who asked and why. Its code, dates and state do not change. Programme staff only."""
    if not user_can_regenerate(by):
        raise NotAllowed()
    return certificate_reissue_as(certificate=certificate, actor=by, reason=reason)


# --- Regeneration: a template's certificates drawn again ------------------------------------------

# Certificates drawn per task message: a few minutes of work, far inside the broker's visibility
# timeout, so a long regeneration is never handed to a second worker while the first still runs it.
REGENERATION_CHUNK = 100
REGENERATION_REASON = "template changed"


def regeneration_certificates(regeneration: Regeneration):
    """The certificates a regeneration draws: its template's, issued before it started (later ones
    are drawn with the changed template already), in the order it draws them."""
    return Certificate.objects.filter(
        template_id=regeneration.template_id, issued_at__lte=regeneration.created_at
    ).order_by("pk")


def _counts_so_far(regeneration: Regeneration, after_pk: int) -> tuple[int, int]:
    """(done, failed) for the certificates up to `after_pk`, from what they are: drawn since the
    regeneration started, or not. Exact also when a killed run's chunk is delivered again."""
    passed = regeneration_certificates(regeneration).filter(pk__lte=after_pk)
    done = passed.filter(rendered_at__gte=regeneration.created_at).count()
    return done, passed.count() - done


def _redraw_one(regeneration: Regeneration, certificate_id: int) -> bool:
    """Draw one certificate again with its REISSUED event; False if another run has it or had it."""
    with transaction.atomic():
        # Locked while drawing: a second worker given the same chunk skips it instead of drawing twice.
        certificate = (
            Certificate.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=certificate_id)
            .select_related("person", "course", "template")
            .first()
        )
        if certificate is None or (certificate.rendered_at and certificate.rendered_at >= regeneration.created_at):
            return False
        certificate_reissue_as(certificate=certificate, actor=regeneration.requested_by, reason=REGENERATION_REASON)
        return True


def regeneration_run(*, regeneration_id: int, after_pk: int = 0) -> int | None:
    """Draw the next chunk of a regeneration's certificates (those after `after_pk`), counting
    done and failed as it goes so that its page shows progress. Returns the last certificate drawn
    when more remain (the task queues the next chunk from there), None once it is finished.

    Codes and dates never change. A certificate drawn since the regeneration started is not drawn
    again, so a run killed and delivered again continues where it stopped.
    """
    regeneration = Regeneration.objects.select_related("requested_by").get(pk=regeneration_id)
    if regeneration.status in (RegenerationStatus.DONE, RegenerationStatus.FAILED):
        return None
    done, failed = _counts_so_far(regeneration, after_pk)
    Regeneration.objects.filter(pk=regeneration.pk).update(status=RegenerationStatus.RUNNING, done=done, failed=failed)
    chunk = list(
        regeneration_certificates(regeneration)
        .filter(pk__gt=after_pk)
        .values_list("pk", flat=True)[:REGENERATION_CHUNK]
    )
    for certificate_id in chunk:
        try:
            redrawn = _redraw_one(regeneration, certificate_id)
        except Exception as error:  # one certificate that cannot be drawn must not stop the others
            logger.exception("Certificate %s could not be drawn again", certificate_id)
            failed += 1
            Regeneration.objects.filter(pk=regeneration.pk).update(failed=failed, error=str(error)[:500])
        else:
            # Only what this run drew counts: one another run has (or had) is counted once it is
            # drawn, by the exact count below. Written as this run's figure, not added to the
            # stored one, so two runs of a chunk delivered twice never count one certificate twice.
            if redrawn:
                done += 1
                Regeneration.objects.filter(pk=regeneration.pk).update(done=done)
    if len(chunk) == REGENERATION_CHUNK:
        return chunk[-1]
    done, failed = _counts_so_far(regeneration, chunk[-1] if chunk else after_pk)
    Regeneration.objects.filter(pk=regeneration.pk).update(
        status=RegenerationStatus.DONE, finished_at=timezone.now(), done=done, failed=failed
    )
    return None


def regeneration_stop(*, regeneration_id: int, error: str) -> None:
    """Mark a regeneration stopped by an error nobody could retry past, so a new one can start."""
    Regeneration.objects.filter(
        pk=regeneration_id, status__in=[RegenerationStatus.QUEUED, RegenerationStatus.RUNNING]
    ).update(status=RegenerationStatus.FAILED, error=error[:500], finished_at=timezone.now())
