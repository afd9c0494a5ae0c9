"""Who may enrol whom, and who may open the restricted toolkits."""

from wagtail.models import CollectionViewRestriction

from lms.people.permissions import is_programme_wide, user_can_manage_person

from .toolkits import TOOLKIT_COLLECTION


def user_can_view_toolkits(user) -> bool:
    """Toolkit pages follow their documents: the groups of the Toolkits collection's view restriction
    (declared in lms/access/roles.py) may open them, and nobody else."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return CollectionViewRestriction.objects.filter(
        collection__name=TOOLKIT_COLLECTION, groups__name__in=user.role_names
    ).exists()


def user_can_enrol(user, person, course) -> bool:
    """Learners enrol themselves in open courses; HR its own factory's people; trainers anyone."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_programme_wide(user):
        return True
    if user.pk == person.pk:
        return course.self_enrolment
    return user_can_manage_person(user, person)
