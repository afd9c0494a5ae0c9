"""The access roles of lms/access/roles.py are what the database says, on a fresh database and after any sync."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission, GroupPagePermission, Page

from courses.toolkits import TOOLKIT_COLLECTION
from lms.access.roles import ROLES, RoleAccess
from lms.access.services import roles_sync
from lms.people.choices import Role
from lms.people.factories import StaffFactory

pytestmark = pytest.mark.django_db


def declared(group: str) -> RoleAccess:
    (role,) = [role for role in ROLES if role.group == group]
    return role


def names(permissions) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def rows() -> dict:
    """Every row the sync writes, with its primary key: a second sync must leave them as they are."""
    return {
        "groups": sorted(Group.objects.values_list("pk", "name")),
        "permissions": sorted(Group.permissions.through.objects.values_list("pk", "group_id", "permission_id")),
        "pages": sorted(GroupPagePermission.objects.values_list("pk", "group_id", "page_id", "permission_id")),
        "collections": sorted(
            GroupCollectionPermission.objects.values_list("pk", "group_id", "collection_id", "permission_id")
        ),
        "toolkits": sorted(CollectionViewRestriction.groups.through.objects.values_list("pk", "group_id")),
    }


def test_fresh_database_has_every_role_as_declared():
    """Right after migrate, each role's group holds exactly the permissions roles.py gives it."""
    root_page, root_collection = Page.get_first_root_node(), Collection.get_first_root_node()
    for role in ROLES:
        group = Group.objects.get(name=role.group)
        assert names(group.permissions.all()) == role.permissions, role.group
        pages = GroupPagePermission.objects.filter(group=group)
        assert {p.page_id for p in pages} <= {root_page.pk}
        assert names(p.permission for p in pages) == role.page_permissions, role.group
        collections = GroupCollectionPermission.objects.filter(group=group)
        assert {c.collection_id for c in collections} <= {root_collection.pk}
        assert names(c.permission for c in collections) == role.collection_permissions, role.group
    restriction = CollectionViewRestriction.objects.get(collection__name=TOOLKIT_COLLECTION)
    assert set(restriction.groups.values_list("name", flat=True)) == {r.group for r in ROLES if r.reads_toolkits}


def test_trainer_may_do_exactly_what_the_declaration_says():
    """A trainer holds the trainer's declared permissions and nothing more (no catalogue editing, no factories)."""
    trainer = StaffFactory(roles=[Role.TRAINER])
    assert trainer.get_all_permissions() == declared(Role.TRAINER.value).permissions
    assert trainer.has_perm("wagtailadmin.access_admin")
    assert not trainer.has_perm("people.change_factory")
    assert not GroupPagePermission.objects.filter(group__name=Role.TRAINER.value).exists()


def test_factory_hr_holds_no_admin_permission():
    """Factory HR work in their factory's screens and hold no admin permission at all."""
    hr = StaffFactory(roles=[Role.FACTORY_HR])
    assert hr.get_all_permissions() == set()


def test_roles_sync_twice_writes_the_same_rows():
    """Running the sync again (every migrate does) changes no row."""
    roles_sync()
    before = rows()
    roles_sync()
    assert rows() == before


def test_roles_sync_undoes_changes_made_to_a_role_elsewhere():
    """A permission added to trainers or taken from programme staff outside roles.py comes back as declared."""
    trainers = Group.objects.get(name=Role.TRAINER.value)
    trainers.permissions.add(Permission.objects.get(content_type__app_label="people", codename="delete_factory"))
    staff = Group.objects.get(name=Role.PROGRAMME_STAFF.value)
    staff.permissions.remove(Permission.objects.get(content_type__app_label="people", codename="add_factory"))
    GroupPagePermission.objects.filter(group=staff).delete()
    call_command("sync_roles", stdout=None)
    assert names(trainers.permissions.all()) == declared(Role.TRAINER.value).permissions
    assert names(staff.permissions.all()) == declared(Role.PROGRAMME_STAFF.value).permissions
    pages = GroupPagePermission.objects.filter(group=staff)
    assert names(p.permission for p in pages) == declared(Role.PROGRAMME_STAFF.value).page_permissions


def test_roles_sync_leaves_groups_it_does_not_declare_alone():
    """Groups made in the admin (or Wagtail's Editors) keep their own permissions."""
    mine = Group.objects.create(name="Translators")
    mine.permissions.add(Permission.objects.get(codename="submit_translation"))
    editors = sorted(Group.objects.get(name="Editors").permissions.values_list("pk", flat=True))
    roles_sync()
    assert names(mine.permissions.all()) == {"wagtail_localize.submit_translation"}
    assert sorted(Group.objects.get(name="Editors").permissions.values_list("pk", flat=True)) == editors


def test_a_permission_that_does_not_exist_is_refused_by_name():
    """A misspelt permission in roles.py stops the sync with its name instead of being skipped silently."""
    with pytest.raises(ImproperlyConfigured, match="people.fly_factory"):
        roles_sync(roles=[RoleAccess(group="Pilots", permissions=frozenset({"people.fly_factory"}))])
    assert not Group.objects.filter(name="Pilots").exists()
