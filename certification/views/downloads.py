"""A certificate's files, sent only to whoever certification.permissions allows (the holder, HR of
the factory where it was issued, trainers and programme staff). Anyone else, signed in or not, gets
404 whatever the address: nobody learns that a certificate exists from its download address.

Files not drawn yet (a render still queued, or lost) are asked for again, and the person reads a
small page that reloads itself instead of a broken download.
"""

from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from ..codes import code_normalised
from ..models import Certificate
from ..permissions import user_can_download
from ..tasks import certificate_render_task

CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png"}
# A page reloading every few seconds asks for the drawing once a minute at most.
RENDER_ASKED_SECONDS = 60
PREPARING_REFRESH_SECONDS = 10


def _certificate_allowed(request, code: str) -> Certificate:
    normalised = code_normalised(code)
    certificate = Certificate.objects.select_related("course").filter(code=normalised).first() if normalised else None
    if certificate is None or not user_can_download(request.user, certificate):
        raise Http404
    return certificate


def _preparing(request, certificate: Certificate):
    if cache.add(f"sala:certificate-render-asked:{certificate.pk}", True, timeout=RENDER_ASKED_SECONDS):
        certificate_render_task.delay(certificate.pk)
    response = render(
        request,
        "certification/preparing.html",
        {"certificate": certificate, "refresh_seconds": PREPARING_REFRESH_SECONDS},
    )
    add_never_cache_headers(response)
    return response


def _filename(certificate: Certificate, kind: str) -> str:
    """The course and the code, readable in a phone's downloads: fire-and-emergency-evacuation-K7MQ4-XR29T.png"""
    course = slugify(certificate.course.title)[:60].strip("-") or "certificate"
    return f"{course}-{certificate.code_display}.{kind}"


@require_GET
def certificate_file(request, code: str, kind: str):
    certificate = _certificate_allowed(request, code)
    stored = certificate.pdf if kind == "pdf" else certificate.png
    if certificate.rendered_at is None or not stored.name:
        return _preparing(request, certificate)
    try:
        file = stored.storage.open(stored.name, "rb")
    except FileNotFoundError:
        return _preparing(request, certificate)
    response = FileResponse(
        file, as_attachment=True, filename=_filename(certificate, kind), content_type=CONTENT_TYPES[kind]
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def certificate_pdf(request, code: str):
    return certificate_file(request, code, "pdf")


def certificate_png(request, code: str):
    return certificate_file(request, code, "png")


urlpatterns = [
    path("certificates/<str:code>/certificate.pdf", certificate_pdf, name="certificate_pdf"),
    path("certificates/<str:code>/certificate.png", certificate_png, name="certificate_png"),
]
