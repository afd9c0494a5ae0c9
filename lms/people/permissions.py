"""Who may see and change which factories and people: decided here, once.

Programme staff and trainers work across the whole programme and see every factory. Factory HR
sees and manages only the people of its own factory. Everyone else sees only themselves. Every
view that lists or opens people goes through `people_visible_to`, so factory isolation cannot be
forgotten in one place and remembered in another.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from .choices import Role
from .models import Factory, Person


def is_programme_staff(user) -> bool:
    """Superusers and programme staff: they run the programme (every session, every certificate,
    revocation and templates). Trainers are not programme staff; anonymous visitors never are."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.has_role(Role.PROGRAMME_STAFF)


def is_programme_wide(user) -> bool:
    """Superusers, programme staff and trainers work across all factories."""
    return is_programme_staff(user) or (getattr(user, "is_authenticated", False) and user.has_role(Role.TRAINER))


def is_factory_hr(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.factory_id is not None and user.has_role(Role.FACTORY_HR)


def factories_visible_to(user) -> QuerySet[Factory]:
    if is_programme_wide(user):
        return Factory.objects.all()
    if is_factory_hr(user):
        return Factory.objects.filter(pk=user.factory_id)
    return Factory.objects.none()


def people_visible_to(user) -> QuerySet[Person]:
    if not getattr(user, "is_authenticated", False):
        return Person.objects.none()
    return Person.objects.filter(people_visible_filter(user))


def people_visible_filter(user, *, through: str = "") -> Q:
    """The rule of people_visible_to as a condition, on Person itself or on records pointing at a
    person (through="person" for enrolments): a query of records then filters on its join to the
    person instead of matching every row against a list of people. Q() for whoever sees everyone."""
    prefix = f"{through}__" if through else ""
    if is_programme_wide(user):
        return Q()
    if is_factory_hr(user):
        return Q(**{f"{prefix}factory_id": user.factory_id})
    if getattr(user, "is_authenticated", False):
        return Q(**{f"{prefix}pk": user.pk})
    return Q(**{f"{prefix}pk__in": []})


def user_can_manage_factory(user, factory: Factory) -> bool:
    """Import rosters, export people, issue login codes and unlock accounts for this factory."""
    if is_programme_wide(user):
        return True
    return is_factory_hr(user) and user.factory_id == factory.pk


def user_can_manage_person(user, person: Person) -> bool:
    if is_programme_wide(user):
        return True
    return is_factory_hr(user) and person.factory_id == user.factory_id


def people_whose_sign_in_is_managed_by(user) -> QuerySet[Person]:
    """People for whom this user may issue a login card, reissue one, or lift a lockout.

    A login card lets its holder choose the account's PIN, so whoever issues it can take the
    account over: it is never open for an account with more rights than the actor should reach.
    Factory HR (its own factory) and trainers handle people whose rights are no wider than a
    worker's or supervisor's: nobody in a group (a role such as union contact group, HR, trainer
    or programme staff, or a right such as uploading H5P packages), with permissions of their own,
    or with admin access. Programme staff handle everyone else but superusers; superusers, all.
    """
    if not user_can_manage_people(user):
        return Person.objects.none()
    people = people_visible_to(user)
    if user.is_superuser:
        return people
    people = people.filter(is_superuser=False)
    if user.has_role(Role.PROGRAMME_STAFF):
        return people
    return people.filter(is_staff=False, groups__isnull=True, user_permissions__isnull=True)


def user_can_manage_sign_in(user, person: Person) -> bool:
    return people_whose_sign_in_is_managed_by(user).filter(pk=person.pk).exists()


def user_can_manage_people(user) -> bool:
    """Whether the people screens are open to this user at all."""
    return is_programme_wide(user) or is_factory_hr(user)


def require_people_screens(user) -> None:
    """404 for anyone the people and training-record screens are not for (they need not know them)."""
    if not user_can_manage_people(user):
        raise Http404
