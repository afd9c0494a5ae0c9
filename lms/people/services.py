"""Writes about factories and people. Views, commands and imports call these."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .choices import EmploymentStatus, Role
from .models import Department, Employment, Factory, Person


class PeopleError(Exception):
    """A change to people that cannot be made; the message is safe to show."""


@transaction.atomic
def person_join_factory(
    *,
    person: Person,
    factory: Factory,
    worker_id: str,
    department: Department | None = None,
    started_on: datetime.date | None = None,
) -> Person:
    """Start a person's employment at a factory, ending any current one elsewhere."""
    if department is not None and department.factory_id != factory.pk:
        raise PeopleError("The department belongs to another factory.")
    today = started_on or timezone.localdate()
    current = Employment.objects.filter(person=person, ended_on__isnull=True).first()
    if current and current.factory_id == factory.pk:
        current.worker_id, current.department = worker_id, department
        current.save(update_fields=["worker_id", "department"])
    else:
        if current:
            current.ended_on = max(today, current.started_on)
            current.save(update_fields=["ended_on"])
        Employment.objects.create(
            person=person, factory=factory, department=department, worker_id=worker_id, started_on=today
        )
    person.factory, person.department, person.worker_id = factory, department, worker_id
    person.employment_status, person.left_on = EmploymentStatus.ACTIVE, None
    person.save(update_fields=["factory", "department", "worker_id", "employment_status", "left_on"])
    return person


@transaction.atomic
def person_mark_left(*, person: Person, left_on: datetime.date | None = None) -> Person:
    """Record that a person left their factory. People are never deleted: their training stays."""
    day = left_on or timezone.localdate()
    Employment.objects.filter(person=person, ended_on__isnull=True).update(ended_on=day)
    person.employment_status, person.left_on = EmploymentStatus.LEFT, day
    person.save(update_fields=["employment_status", "left_on"])
    return person


def role_group(role: Role) -> Group:
    group, _created = Group.objects.get_or_create(name=role.value)
    return group


@transaction.atomic
def person_grant_role(*, person: Person, role: Role) -> None:
    person.groups.add(role_group(role))
    person.__dict__.pop("role_names", None)


@transaction.atomic
def person_revoke_role(*, person: Person, role: Role) -> None:
    person.groups.remove(role_group(role))
    person.__dict__.pop("role_names", None)


def person_language_set(*, person: Person, language: str) -> Person:
    """Keep the interface language a person chose as their preference (for sign-in and messages).

    Only Sala's own languages: Django knows many more, and a preference must be one we speak.
    """
    if language not in dict(settings.LANGUAGES):
        raise PeopleError("Not one of Sala's languages.")
    if person.preferred_language != language:
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
    return person
