"""Starting a regeneration: programme staff changed a template and want its certificates drawn
again. One runs at a time per template: asking again while one is queued or running joins it."""

from functools import partial

from django.db import IntegrityError, transaction

from lms.people.models import Person

from ..choices import RegenerationStatus
from ..models import CertificateTemplate, Regeneration
from ..permissions import user_can_regenerate
from ..tasks import regeneration_run_task
from .errors import NotAllowed
from .issuing import regeneration_certificates

RUNNING = [RegenerationStatus.QUEUED, RegenerationStatus.RUNNING]


def regeneration_start(*, template: CertificateTemplate, by: Person) -> Regeneration:
    """Queue the drawing of every certificate of `template` again (the task starts once this
    commits), or return the regeneration already queued or running for it. Programme staff only."""
    if not user_can_regenerate(by):
        raise NotAllowed()
    with transaction.atomic():
        running = Regeneration.objects.filter(template=template, status__in=RUNNING).first()
        if running is not None:
            return running
        try:
            with transaction.atomic():
                regeneration = Regeneration.objects.create(template=template, requested_by=by)
        except IntegrityError:  # someone else started one a moment ago: join it
            return Regeneration.objects.get(template=template, status__in=RUNNING)
        regeneration.total = regeneration_certificates(regeneration).count()
        regeneration.save(update_fields=["total"])
        transaction.on_commit(partial(regeneration_run_task.delay, regeneration.pk))
    return regeneration
