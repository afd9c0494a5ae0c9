"""Who may enrol whom, and who may open the restricted toolkits."""

from lms.people.choices import Role
from lms.people.permissions import is_programme_wide, user_can_manage_person

TOOLKIT_ROLES = (Role.UNION_CONTACT, Role.TRAINER, Role.PROGRAMME_STAFF)


def user_can_view_toolkits(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(user.has_role(role) for role in TOOLKIT_ROLES)


def user_can_enrol(user, person, course) -> bool:
    """Learners enrol themselves in open courses; HR its own factory's people; trainers anyone."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_programme_wide(user):
        return True
    if user.pk == person.pk:
        return course.self_enrolment
    return user_can_manage_person(user, person)
