"""Certificate work done by Celery workers: issuing on completion, drawing files, regenerations and
the daily job (declared in lms/celery.py SCHEDULES). Each task takes ids and calls a service; each
is safe to run twice, and is acknowledged only when it has finished (acks_late), so a worker
killed in the middle leaves the message to another worker.
"""

import logging

from celery import shared_task
from django.utils import timezone

from courses.models import Completion

from .models import Certificate
from .services.issuing import (
    certificate_files_stored,
    certificate_issue,
    certificate_render,
    regeneration_run,
    regeneration_stop,
)
from .services.lifecycle import (
    certificate_reminders_send,
    certificates_expired_renew,
    certificates_without_files,
    completions_without_certificate,
)

logger = logging.getLogger(__name__)

# Unexpected errors (the database restarting, a full disk) are retried: 30 s, 1, 2, 4 ... minutes,
# at most 10 minutes apart, with jitter so that many certificates do not retry together.
RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}
# Acknowledged only once done; a message whose worker process died is given to another worker.
LATE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(**LATE, **RETRY)
def certificate_issue_task(completion_id: int) -> int | None:
    """Issue the certificate of a completion and draw its files; the certificate's id."""
    completion = Completion.objects.select_related("person", "course").filter(pk=completion_id).first()
    if completion is None:  # deleted since (a test person removed): nothing to issue
        return None
    return certificate_issue(completion=completion).pk


@shared_task(**LATE, **RETRY)
def certificate_render_task(certificate_id: int) -> bool:
    """Draw a certificate's files if they are missing: someone opened it before they were drawn, or
    the storage lost them."""
    certificate = Certificate.objects.select_related("person", "course", "template").filter(pk=certificate_id).first()
    if certificate is None or certificate_files_stored(certificate):
        return False
    certificate_render(certificate=certificate)
    return True


@shared_task(bind=True, **LATE, max_retries=5)
def regeneration_run_task(self, regeneration_id: int, after_pk: int = 0) -> None:
    """Draw a template's certificates again, a chunk per message, queueing the next chunk."""
    try:
        last = regeneration_run(regeneration_id=regeneration_id, after_pk=after_pk)
    except Exception as error:
        if self.request.retries >= self.max_retries:
            regeneration_stop(regeneration_id=regeneration_id, error=str(error))
            raise
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
    if last is not None:
        regeneration_run_task.delay(regeneration_id, last)


@shared_task(**LATE)
def certificates_daily_task() -> dict:
    """Every morning: issue certificates a lost task missed, draw missing files, remind holders of
    expiring certificates (and HR), and enrol again the holders of expired ones."""
    now = timezone.now()
    today = timezone.localdate(now)
    missed = completions_without_certificate(now=now)
    for completion_id in missed:
        certificate_issue_task.delay(completion_id)
    undrawn = certificates_without_files(now=now)
    for certificate_id in undrawn:
        certificate_render_task.delay(certificate_id)
    reminded = certificate_reminders_send(today=today)
    renewed = certificates_expired_renew(today=today, now=now)
    summary = {"issued": len(missed), "drawn": len(undrawn), "reminded": reminded, "renewed": renewed}
    logger.info("Certificates daily job: %s", summary)
    return summary
