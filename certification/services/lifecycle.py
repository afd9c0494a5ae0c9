"""A certificate's life after it is issued: renewal reminders before it expires, and enrolling its
holder again once it has expired. Both run every morning (certificates_daily_task) and are written
so that running them twice, the same day or on several days, changes nothing more.

Only a person's newest certificate of a course is looked after: someone who has completed the
course again since holds a newer one and need not renew the old one.
"""

import datetime
import logging
from collections import Counter

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from courses.localization import canonical
from courses.models import Completion
from courses.selectors import current_enrolment
from courses.services.enrolment import enrolment_create, enrolment_cycle_start
from courses.services.errors import CourseError, CycleStillOpen, PrerequisitesMissing
from lms.people.choices import EmploymentStatus, Role
from lms.people.models import Person

from ..choices import REMINDER_DAYS
from ..messages import tell_expired, tell_expiring, tell_factory_hr
from ..models import Certificate, CertificateReminder, CourseCertificate
from ..states import reminder_due

logger = logging.getLogger(__name__)


def newest_certificates() -> QuerySet[Certificate]:
    """Unrevoked certificates whose holder has not completed the same course again since."""
    completed_again = Completion.objects.filter(
        person_id=OuterRef("person_id"),
        course_id=OuterRef("course_id"),
        completed_at__gt=OuterRef("completion__completed_at"),
    )
    return Certificate.objects.filter(revoked_at__isnull=True).exclude(Exists(completed_again))


# --- Renewal reminders ------------------------------------------------------------------------------


def _factory_hr(factory_ids) -> dict[int, list[Person]]:
    people = Person.objects.filter(
        factory_id__in=factory_ids, groups__name=Role.FACTORY_HR.value, is_active=True
    ).select_related("messaging_preferences", "telegram_chat")
    by_factory: dict[int, list[Person]] = {}
    for person in people.order_by("pk").distinct():
        by_factory.setdefault(person.factory_id, []).append(person)
    return by_factory


def certificate_reminders_send(*, today: datetime.date) -> int:
    """Remind holders of certificates expiring within 60 days, each at 60, 30 and 7 days before,
    once per threshold; and tell each factory's HR, in one message per threshold, how many of its
    certificates reached it today. Returns how many holders were reminded in this run."""
    candidates = (
        newest_certificates()
        .filter(expires_on__gt=today, expires_on__lte=today + datetime.timedelta(days=max(REMINDER_DAYS)))
        .select_related("person", "course")
        .prefetch_related("reminders")
        .order_by("pk")
    )
    reminded: Counter[tuple[int, int]] = Counter()
    count = 0
    for certificate in candidates:
        sent = {reminder.days_before for reminder in certificate.reminders.all()}
        days = reminder_due(expires_on=certificate.expires_on, today=today, already_sent=sent)
        if days is None:
            continue
        with transaction.atomic():
            _reminder, created = CertificateReminder.objects.get_or_create(
                certificate=certificate, days_before=days, defaults={"sent_on": today}
            )
            if not created:  # another run of the job reminded it a moment ago
                continue
            tell_expiring(certificate, days=days)
        count += 1
        if certificate.factory_id is not None:
            reminded[(certificate.factory_id, days)] += 1
    hr = _factory_hr({factory_id for factory_id, _days in reminded})
    for (factory_id, days), number in sorted(reminded.items()):
        tell_factory_hr(factory_id=factory_id, days=days, count=number, today=today, people=hr.get(factory_id, []))
    return count


# --- Enrolling again on expiry ------------------------------------------------------------------------


def _enrol_again(certificate: Certificate) -> None:
    """Enrol the holder in the refresher course, or in a new cycle of the course itself, as the
    system. An open cycle of it means they started again already: nothing to do."""
    person = certificate.person
    settings = CourseCertificate.objects.filter(course=certificate.course, refresher__isnull=False).first()
    if settings is not None:
        refresher = canonical(settings.refresher)
        try:
            current = current_enrolment(person=person, course=refresher)
            if current is None:
                enrolment_create(person=person, course=refresher, enrolled_by=None)
            elif current.completed_at is not None:
                enrolment_cycle_start(person=person, course=refresher, started_by=None)
            return
        except PrerequisitesMissing:
            # The refresher asks for courses they have not taken: the course itself renews it.
            logger.info("Certificate %s: refresher needs prerequisites; the course is taken again", certificate.pk)
    try:
        enrolment_cycle_start(person=person, course=certificate.course, started_by=None)
    except CycleStillOpen:
        pass


def certificate_expired_renew(*, certificate_id: int, now: datetime.datetime) -> bool:
    """Enrol the holder of one expired certificate again and tell them; False if it was done already."""
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("person", "course")
            .filter(pk=certificate_id, renewal_started_at__isnull=True)
            .first()
        )
        if certificate is None:
            return False
        _enrol_again(certificate)
        certificate.renewal_started_at = now
        certificate.save(update_fields=["renewal_started_at"])
        tell_expired(certificate)
    return True


def certificates_expired_renew(*, today: datetime.date, now: datetime.datetime | None = None) -> int:
    """Enrol again everyone whose newest certificate of a course has expired (in its refresher
    course where it names one), once per certificate; the expired certificate and the completion it
    was issued for stay in the record. Returns how many people were enrolled again."""
    now = now or timezone.now()
    expired = (
        newest_certificates()
        .filter(
            expires_on__lte=today,
            renewal_started_at__isnull=True,
            person__is_active=True,
            person__employment_status=EmploymentStatus.ACTIVE,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    renewed = 0
    for certificate_id in list(expired):
        try:
            renewed += certificate_expired_renew(certificate_id=certificate_id, now=now)
        except CourseError as error:  # e.g. a course that cannot be taken again: the others go on
            logger.warning("Certificate %s could not be renewed: %s", certificate_id, error.message)
    return renewed


# --- Completions the issuing task missed --------------------------------------------------------------

# The daily sweep looks this far back: a task lost between the commit and the broker is found the
# next morning, and the query reads a few days of completions by their index, never all of them.
SWEEP_DAYS = 3


def completions_without_certificate(*, now: datetime.datetime) -> list[int]:
    """Recent completions that have no certificate yet."""
    since = now - datetime.timedelta(days=SWEEP_DAYS)
    return list(
        Completion.objects.filter(completed_at__gte=since, completed_at__lte=now, certificate__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def certificates_without_files(*, now: datetime.datetime) -> list[int]:
    """Recently issued certificates whose files are still to be drawn."""
    since = now - datetime.timedelta(days=SWEEP_DAYS)
    return list(
        Certificate.objects.filter(completion__completed_at__gte=since, rendered_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
