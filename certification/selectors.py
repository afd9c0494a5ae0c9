"""Reads of certificates with their rules: the public verify page, a person's certificates, and
HR's certificate register with its counts and export.

Every list reads the columns it shows (`values_list`) in a fixed number of queries, whatever the
number of certificates: a factory of 5,000 workers has tens of thousands of them.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, CharField, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils import timezone, translation
from wagtail.coreutils import get_supported_content_language_variant

from courses.models import CoursePage
from lms.people.models import Factory
from lms.people.names import reads_khmer, translated_titles
from lms.people.permissions import factories_visible_to
from lms.people.tabular import Column

from .choices import EXPIRING_WITHIN_DAYS, CertificateState
from .codes import code_display
from .models import Certificate
from .permissions import certificates_visible_to, user_can_read_register
from .states import certificate_state

# The register's state filter: the three states, and the valid ones that expire soon.
EXPIRING = "expiring"


def _names(family_km: str, given_km: str, family: str, given: str) -> tuple[str, str]:
    """(Khmer, Latin) names, family name first, as Cambodian documents write them."""
    khmer = " ".join(part for part in (family_km, given_km) if part)
    latin = " ".join(part for part in (family, given) if part)
    return khmer, latin


# --- The public verify page ------------------------------------------------------------------


@dataclass(frozen=True)
class VerifiedCertificate:
    """What the verify page may say about a certificate: nothing personal beyond the name."""

    code: str
    state: CertificateState
    name_km: str
    name_latin: str
    course_title: str
    course_title_en: str
    issued_on: datetime.date
    expires_on: datetime.date | None
    revoked_on: datetime.date | None

    @property
    def code_display(self) -> str:
        return code_display(self.code)


_VERIFY_COLUMNS = (
    "code",
    "issued_on",
    "expires_on",
    "revoked_at",
    "person__family_name_km",
    "person__given_name_km",
    "person__last_name",
    "person__first_name",
    "course__title",
    "course__translation_key",
)


def certificate_verified(*, code: str, today: datetime.date | None = None) -> VerifiedCertificate | None:
    """The certificate with this stored code (codes.code_normalised), or None; one or two queries.

    The reason for a revocation is not read: it may be about the holder's person, and the page
    is public. Only the day it was revoked is shown."""
    values = Certificate.objects.filter(code=code).values_list(*_VERIFY_COLUMNS).first()
    if values is None:
        return None
    code, issued_on, expires_on, revoked_at, family_km, given_km, family, given, title_en, key = values
    name_km, name_latin = _names(family_km, given_km, family, given)
    return VerifiedCertificate(
        code=code,
        state=certificate_state(
            expires_on=expires_on, revoked=revoked_at is not None, today=today or timezone.localdate()
        ),
        name_km=name_km,
        name_latin=name_latin,
        course_title=translated_titles([key]).get(key, title_en),
        course_title_en=title_en,
        issued_on=issued_on,
        expires_on=expires_on,
        revoked_on=timezone.localdate(revoked_at) if revoked_at else None,
    )


# --- A person's certificates (My learning, the start page, the person page) ----------------------


@dataclass(frozen=True)
class HeldCertificate:
    """One certificate in a person's list."""

    code: str
    state: CertificateState
    course_title: str
    issued_on: datetime.date
    expires_on: datetime.date | None
    revoked_on: datetime.date | None
    # Valid, the newest of its course, and expiring within EXPIRING_WITHIN_DAYS: time to renew it.
    expiring_soon: bool

    @property
    def code_display(self) -> str:
        return code_display(self.code)


def person_certificates(*, person, viewer, today: datetime.date | None = None) -> list[HeldCertificate]:
    """The person's certificates the viewer may see, newest first, each course titled in the
    reader's language: two queries at most."""
    today = today or timezone.localdate()
    # A person always sees their own (the permission's first rule), without reading their roles.
    mine = getattr(viewer, "pk", None) == person.pk
    rows = list(
        (Certificate.objects.all() if mine else certificates_visible_to(viewer))
        .filter(person=person)
        .order_by("-issued_on", "-pk")
        .values_list(
            "code", "issued_on", "expires_on", "revoked_at", "course_id", "course__title", "course__translation_key"
        )
    )
    titles = translated_titles(row[6] for row in rows)
    soon = today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
    held, courses_seen = [], set()
    for code, issued_on, expires_on, revoked_at, course_id, title_en, key in rows:
        state = certificate_state(expires_on=expires_on, revoked=revoked_at is not None, today=today)
        # Only the newest certificate of a course is one to renew: an older one was renewed already.
        newest = course_id not in courses_seen
        courses_seen.add(course_id)
        held.append(
            HeldCertificate(
                code=code,
                state=state,
                course_title=titles.get(key, title_en),
                issued_on=issued_on,
                expires_on=expires_on,
                revoked_on=timezone.localdate(revoked_at) if revoked_at else None,
                expiring_soon=newest
                and state == CertificateState.VALID
                and expires_on is not None
                and expires_on <= soon,
            )
        )
    return held


# --- HR's certificate register -------------------------------------------------------------------


def register_factories(user) -> QuerySet[Factory]:
    """The factories whose register the user may read: HR its own, trainers and staff every one."""
    if not user_can_read_register(user):
        return Factory.objects.none()
    return factories_visible_to(user)


def _state_conditions(today: datetime.date) -> dict[str, Q]:
    """Each state the lists filter by (and "expiring": valid, expiring within EXPIRING_WITHIN_DAYS)
    as a condition on Certificate; the same rules as certification.states, for queries."""
    not_revoked = Q(revoked_at__isnull=True)
    soon = today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
    return {
        CertificateState.VALID: not_revoked & (Q(expires_on__isnull=True) | Q(expires_on__gt=today)),
        EXPIRING: not_revoked & Q(expires_on__gt=today, expires_on__lte=soon),
        CertificateState.EXPIRED: not_revoked & Q(expires_on__lte=today),
        CertificateState.REVOKED: ~not_revoked,
    }


def register_certificates(
    *, user, factory: Factory, course=None, department=None, gender: str = ""
) -> QuerySet[Certificate]:
    """The certificates issued at `factory` (while the holder worked there, including people who
    have left since), with the register's filters but its state; none for a factory the user may
    not read. Plain rows: callers select the columns (register_rows, register_counts)."""
    if not register_factories(user).filter(pk=factory.pk).exists():
        return Certificate.objects.none()
    certificates = Certificate.objects.filter(factory=factory)
    if course is not None:
        certificates = certificates.filter(course=course)
    if department is not None:
        certificates = certificates.filter(department=department)
    if gender:
        certificates = certificates.filter(person__gender=gender)
    return certificates.order_by("-issued_on", "-pk")


def certificates_in_state(certificates: QuerySet[Certificate], state: str, *, today: datetime.date) -> QuerySet:
    """The certificates in a state of the register's and the admin's filters ("" for all)."""
    condition = _state_conditions(today).get(state)
    return certificates if condition is None else certificates.filter(condition)


@dataclass(frozen=True)
class RegisterCounts:
    total: int
    valid: int
    expiring: int
    expired: int
    revoked: int

    def of(self, state: str) -> int:
        """How many a state filter lists ("" for all)."""
        return getattr(self, state, self.total) if state else self.total


def register_counts(certificates: QuerySet[Certificate], *, today: datetime.date) -> RegisterCounts:
    """Certificates per state, counted together in one query."""
    conditions = _state_conditions(today)
    counts = certificates.order_by().aggregate(
        total=Count("pk"), **{str(state): Count("pk", filter=condition) for state, condition in conditions.items()}
    )
    return RegisterCounts(**counts)


def _department_name():
    """The department's name in the reader's language: Khmer where it has one, else English."""
    if reads_khmer():
        return Coalesce(NullIf("department__name_km", Value("")), "department__name", output_field=CharField())
    return "department__name"


def _course_title():
    """The course's title in the reader's language: its live translation's, else the English title.
    Read in the same query as the rows (a subquery on the page's translation key and language)."""
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return "course__title"
    if language == get_supported_content_language_variant(settings.LANGUAGE_CODE):
        return "course__title"
    translated = (
        CoursePage.objects.live()
        .filter(locale__language_code=language, translation_key=OuterRef("course__translation_key"))
        .values("title")[:1]
    )
    return Coalesce(Subquery(translated), "course__title", output_field=CharField())


def register_columns(*, today: datetime.date) -> list[Column]:
    """The register's columns, the same on the page and in its exports: what each selects, in
    one query of values (no row object, no query per row). Departments and courses are named in
    the reader's language with English as the fallback, on the page and in the export alike, so
    an export reads as the page it came from."""
    state = Case(
        When(revoked_at__isnull=False, then=Value(CertificateState.REVOKED.value)),
        When(expires_on__lte=today, then=Value(CertificateState.EXPIRED.value)),
        default=Value(CertificateState.VALID.value),
        output_field=CharField(),
    )
    return [
        Column("worker_id", "person__worker_id"),
        Column(
            "name_km",
            Trim(Concat("person__family_name_km", Value(" "), "person__given_name_km", output_field=CharField())),
        ),
        Column("name", Trim(Concat("person__last_name", Value(" "), "person__first_name", output_field=CharField()))),
        Column("department", _department_name()),
        Column("gender", "person__gender"),
        Column("course", _course_title()),
        Column("issued_on", "issued_on"),
        Column("expires_on", "expires_on"),
        Column("state", state),
        Column("code", "code", code_display),
    ]


def register_rows(certificates: QuerySet[Certificate], columns: list[Column], *, offset: int, limit: int) -> list:
    """One page of the register, a {column: value} per certificate, from one query of the columns'
    values (dates stay dates for the page to write in the reader's language).

    The page's certificates are chosen first, in a subquery that walks the factory's index in the
    register's order, and only they are joined to their holders, departments and courses: a late
    page of a 10,000-certificate factory does not join every certificate it skips."""
    keys = [column.header for column in columns]
    page = certificates.values("pk")[offset : offset + limit]
    rows = certificates.filter(pk__in=page).values_list(*(column.source for column in columns))
    page = [dict(zip(keys, values, strict=True)) for values in rows]
    for row in page:
        row["code"] = code_display(row["code"])
    return page


def register_courses(*, factory: Factory) -> QuerySet[CoursePage]:
    """The courses with certificates issued at the factory, in catalogue order: the course menu."""
    issued_here = Certificate.objects.filter(factory=factory).order_by().values_list("course_id", flat=True).distinct()
    return CoursePage.objects.filter(pk__in=list(issued_here)).only("title", "path").order_by("path")
