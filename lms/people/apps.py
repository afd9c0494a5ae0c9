from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PeopleConfig(AppConfig):
    name = "lms.people"
    label = "people"
    verbose_name = _("Factories and people")


class SalaUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the person fields Sala needs (see admin_users.py)."""

    user_viewset = "lms.people.admin_users.PersonUserViewSet"
