"""Certificates in the Wagtail admin, and their panels on Sala's screens."""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import (
    admin_views,
    panels,  # noqa: F401  (registers the certificate panels of My learning and others)
)
from .models import Certificate

# Before the viewsets ask for it: certificates are read in the admin, never added, edited or deleted.
register_permission_policy(Certificate, admin_views.ReadOnlyPolicy(Certificate), exact_class=True)


@hooks.register("register_admin_viewset")
def register_certificate_viewsets():
    return admin_views.CertificatesGroup()


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    """Revoking a certificate and drawing a template's certificates again (beside the viewsets')."""
    patterns = [
        path("certificates/revoke/<int:pk>/", admin_views.CertificateRevokeView.as_view(), name="revoke"),
        path("certificate-templates/regenerate/<int:pk>/", admin_views.RegenerateView.as_view(), name="regenerate"),
        path(
            "certificate-templates/regeneration/<int:pk>/",
            admin_views.RegenerationView.as_view(),
            name="regeneration",
        ),
    ]
    return [path("", include((patterns, "certification_admin")))]
