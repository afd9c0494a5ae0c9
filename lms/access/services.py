"""Writes the role declaration (`roles.py`) into the database: groups, their permissions, their
page and collection permissions, and who may open the toolkits."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission, GroupPagePermission, Page

from courses.toolkits import toolkit_collection

from .roles import ROLES, RoleAccess


@transaction.atomic
def roles_sync(*, roles: Iterable[RoleAccess] = ROLES) -> None:
    """Make every declared group hold exactly its declared permissions; running it again changes nothing.

    Page and collection permissions are set on the root page and the root collection, so they
    cover pages and collections added later. A database emptied by `flush` has no root page and
    lacks the permissions Wagtail's migrations create (such as opening the admin): it gets the
    groups and what exists; the next sync after `migrate` adds the rest.
    """
    roles = list(roles)
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    permissions = _permissions_by_name(
        (name for role in roles for name in (*role.permissions, *role.page_permissions, *role.collection_permissions)),
        emptied=root_page is None,
    )

    def existing(names: frozenset[str]) -> list[Permission]:
        return [permissions[name] for name in names if name in permissions]

    groups = {}
    for role in roles:
        group = Group.objects.get_or_create(name=role.group)[0]
        groups[role.group] = group
        group.permissions.set(existing(role.permissions))
        _group_object_permissions_set(GroupPagePermission, "page", group, root_page, existing(role.page_permissions))
        _group_object_permissions_set(
            GroupCollectionPermission, "collection", group, root_collection, existing(role.collection_permissions)
        )
    if root_collection is not None:
        restriction = _toolkit_restriction()
        restriction.groups.set([groups[role.group] for role in roles if role.reads_toolkits])


def _permissions_by_name(names: Iterable[str], *, emptied: bool) -> dict[str, Permission]:
    """{"app_label.codename": Permission}. A name that matches no permission is a mistake in roles.py,
    unless the database was emptied (then Wagtail's own permissions are missing too)."""
    wanted = set(names)
    candidates = Permission.objects.filter(
        content_type__app_label__in={name.split(".", 1)[0] for name in wanted},
        codename__in={name.split(".", 1)[1] for name in wanted},
    ).select_related("content_type")
    found = {f"{p.content_type.app_label}.{p.codename}": p for p in candidates}
    found = {name: permission for name, permission in found.items() if name in wanted}
    missing = wanted - set(found)
    if missing and not emptied:
        raise ImproperlyConfigured(
            f"lms/access/roles.py names permissions that do not exist: {', '.join(sorted(missing))}"
        )
    return found


def _group_object_permissions_set(model, field: str, group: Group, root, permissions: list[Permission]) -> None:
    """Make the group's rows of `model` (page or collection permissions) exactly `permissions` on `root`."""
    current = model.objects.filter(group=group)
    if root is None:
        return
    current.exclude(**{field: root, "permission__in": permissions}).delete()
    have = set(current.values_list("permission_id", flat=True))
    model.objects.bulk_create(
        [model(group=group, permission=p, **{field: root}) for p in permissions if p.pk not in have]
    )


def _toolkit_restriction() -> CollectionViewRestriction:
    return CollectionViewRestriction.objects.get(collection=toolkit_collection())
