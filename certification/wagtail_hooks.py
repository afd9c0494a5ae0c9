"""Certificates in the Wagtail admin, and their panels on Sala's screens."""

from . import panels  # noqa: F401  (registers the certificate panels of My learning and others)
