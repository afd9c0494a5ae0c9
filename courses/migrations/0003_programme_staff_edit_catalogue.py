"""Programme staff edit the catalogue: pages under the root, pictures, documents, audio and video,
and translations. Trainers and HR do not edit it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"]
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
    "wagtailmedia": ["add_media", "change_media", "choose_media"],
}


def grant(apps, schema_editor):
    for label in ("wagtailcore", *COLLECTION_PERMISSIONS):
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # the historical app stub lacks it; create_permissions needs it
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    staff, _created = Group.objects.get_or_create(name="Programme staff")
    root = Page.objects.filter(depth=1).first()
    if root:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
        ):
            GroupPagePermission.objects.get_or_create(group=staff, page=root, permission=permission)
    collection = Collection.objects.filter(depth=1).first()
    if collection:
        for label, codenames in COLLECTION_PERMISSIONS.items():
            for permission in Permission.objects.filter(content_type__app_label=label, codename__in=codenames):
                GroupCollectionPermission.objects.get_or_create(
                    group=staff, collection=collection, permission=permission
                )
    staff.permissions.add(*Permission.objects.filter(codename="submit_translation"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Programme staff"):
        group.page_permissions.all().delete()
        group.collection_permissions.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_audiences_and_locales"),
        ("people", "0003_programme_staff_factory_permissions"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailmedia", "0005_alter_media_options"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
