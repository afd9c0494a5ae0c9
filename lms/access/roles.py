"""Who may do what: every access role and what its members may do, declared once.

Each role is a Django group of the same name (`lms.people.choices.Role`, plus the H5P uploaders).
`lms.access.services.roles_sync` makes the database say exactly what is written here, after every
`migrate` and on `manage.py sync_roles`; a change made to these groups in the admin is undone by
the next sync, so change it here. Other groups (Wagtail's Editors and Moderators, groups created
in the admin) are left alone.

What one role may do is the sum of:
- `permissions`: Django model permissions, "app_label.codename", for the admin and the services'
  checks (`wagtailadmin.access_admin` opens the Wagtail admin at all);
- `page_permissions`: Wagtail page permissions on the root page, so on every page under it (the
  catalogue and the toolkits), including pages added later;
- `collection_permissions`: Wagtail permissions on the root collection, so on every collection of
  pictures, documents, audio and video, including collections added later;
- `reads_toolkits`: may open the toolkit pages and their documents (the view restriction of the
  "Toolkits" document collection lists these groups; the toolkit pages follow it too).

Rules about *whose* records someone may see (HR sees its own factory only) are not permissions
but code: `<app>/permissions.py`.
"""

from dataclasses import dataclass

from lms.people.choices import Role
from media.models import H5P_UPLOADERS

OPEN_ADMIN = "wagtailadmin.access_admin"


@dataclass(frozen=True)
class RoleAccess:
    group: str
    permissions: frozenset[str] = frozenset()
    page_permissions: frozenset[str] = frozenset()
    collection_permissions: frozenset[str] = frozenset()
    reads_toolkits: bool = False


ROLES: tuple[RoleAccess, ...] = (
    # Trainers open the admin for their sessions and read the toolkits; they do not edit the
    # catalogue or the list of factories. Which sessions they may change (their own) is decided in
    # seminars.permissions; nobody deletes a session: it is cancelled, so its people are told.
    # They also read the certificates in the admin (who holds which, and its audit trail).
    RoleAccess(
        group=Role.TRAINER.value,
        permissions=frozenset(
            {
                OPEN_ADMIN,
                "seminars.add_session",
                "seminars.change_session",
                "seminars.view_session",
                "certification.view_certificate",
            }
        ),
        reads_toolkits=True,
    ),
    # Factory HR work in the staff screens of their own factory (lms.people.permissions), never
    # in the admin.
    RoleAccess(group=Role.FACTORY_HR.value),
    # Union contact-group members are workers who also read the toolkits.
    RoleAccess(group=Role.UNION_CONTACT.value, reads_toolkits=True),
    # Programme staff run the programme: they keep the list of factories and departments and of
    # training centres, schedule any training session, edit and translate the catalogue, manage
    # pictures, documents, audio and video, and choose and rename H5P packages (uploading one is
    # the H5P uploaders' right, below). wagtailmedia has no "choose" permission: whoever edits a
    # page may pick any audio or video. They keep the certificate templates and read every
    # certificate in the admin; revoking one and drawing a template's certificates again are
    # decided in certification.permissions (programme staff only), not by a model permission.
    RoleAccess(
        group=Role.PROGRAMME_STAFF.value,
        permissions=frozenset(
            {
                OPEN_ADMIN,
                "people.add_factory",
                "people.change_factory",
                "people.view_factory",
                "people.add_department",
                "people.change_department",
                "people.view_department",
                "wagtail_localize.submit_translation",
                "media.change_h5ppackage",
                "media.view_h5ppackage",
                "seminars.add_session",
                "seminars.change_session",
                "seminars.view_session",
                "seminars.add_trainingcentre",
                "seminars.change_trainingcentre",
                "seminars.view_trainingcentre",
                "certification.add_certificatetemplate",
                "certification.change_certificatetemplate",
                "certification.delete_certificatetemplate",
                "certification.view_certificatetemplate",
                "certification.view_certificate",
            }
        ),
        page_permissions=frozenset(
            {
                "wagtailcore.add_page",
                "wagtailcore.change_page",
                "wagtailcore.publish_page",
                "wagtailcore.lock_page",
                "wagtailcore.unlock_page",
                "wagtailcore.bulk_delete_page",
            }
        ),
        collection_permissions=frozenset(
            {
                "wagtailimages.add_image",
                "wagtailimages.change_image",
                "wagtailimages.choose_image",
                "wagtaildocs.add_document",
                "wagtaildocs.change_document",
                "wagtaildocs.choose_document",
                "wagtailmedia.add_media",
                "wagtailmedia.change_media",
            }
        ),
        reads_toolkits=True,
    ),
    # Uploading an H5P package is a right of its own: its JavaScript runs in learners' browsers.
    RoleAccess(
        group=H5P_UPLOADERS,
        permissions=frozenset({OPEN_ADMIN, "media.add_h5ppackage", "media.change_h5ppackage", "media.view_h5ppackage"}),
    ),
)
