"""The document collection of the restricted toolkits and who may open it."""

from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction

from .permissions import TOOLKIT_ROLES

TOOLKIT_COLLECTION = "Toolkits"


def toolkit_collection() -> Collection:
    """The 'Toolkits' collection, restricted to the toolkit groups (created on first use).

    Documents uploaded into it are served only to members of those groups, whatever link
    someone has copied; `courses.wagtail_hooks` answers 403/404 to everyone else.
    """
    collection = Collection.objects.filter(name=TOOLKIT_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=TOOLKIT_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    restriction.groups.set([Group.objects.get_or_create(name=role.value)[0] for role in TOOLKIT_ROLES])
    return collection
