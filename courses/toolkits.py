"""The document collection of the restricted toolkits."""

from wagtail.models import Collection, CollectionViewRestriction

TOOLKIT_COLLECTION = "Toolkits"


def toolkit_collection() -> Collection:
    """The 'Toolkits' collection with its group view restriction (created on first use).

    Documents uploaded into it are served only to members of the restriction's groups, whatever
    link someone has copied; `courses.wagtail_hooks` answers 403/404 to everyone else. Which
    groups those are is declared with the roles (`lms/access/roles.py`, `reads_toolkits`) and
    written by their sync, which also creates this collection after `migrate`.
    """
    collection = Collection.objects.filter(name=TOOLKIT_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=TOOLKIT_COLLECTION)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    return collection
