"""Admin menu: HR's training records, a screen of the shell."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.people.permissions import user_can_manage_people


class TrainingRecordsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_manage_people(request.user)


@hooks.register("register_admin_menu_item")
def register_training_records_menu_item():
    return TrainingRecordsMenuItem(_("Training records"), reverse("shell:factory_report"), icon_name="tasks", order=320)
