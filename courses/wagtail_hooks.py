"""Learner actions in front of Wagtail's page serving; toolkit documents kept private."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.people.permissions import user_can_manage_people

from . import views


@hooks.register("before_serve_page")
def serve_learning_pages(page, request, serve_args, serve_kwargs):
    return views.page_view(request, page)


# Before Wagtail's own check, which would send an outsider to the sign-in page instead.
@hooks.register("before_serve_document", order=-1)
def keep_restricted_documents_private(document, request):
    return views.restricted_document_response(document, request)


class TrainingRecordsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_manage_people(request.user)


@hooks.register("register_admin_menu_item")
def register_training_records_menu_item():
    return TrainingRecordsMenuItem(
        _("Training records"), reverse("courses:factory_report"), icon_name="tasks", order=320
    )
