"""Learner actions in front of Wagtail's page serving; toolkit documents kept private."""

from wagtail import hooks

from . import views


@hooks.register("before_serve_page")
def serve_learning_pages(page, request, serve_args, serve_kwargs):
    return views.page_view(request, page)


# Before Wagtail's own check, which would send an outsider to the sign-in page instead.
@hooks.register("before_serve_document", order=-1)
def keep_restricted_documents_private(document, request):
    return views.restricted_document_response(document, request)
