"""What WeasyPrint may load while it draws a certificate: Sala's own files, never the network.

A certificate's page is HTML written by Sala, but it prints words typed by staff and pictures they
upload, and a renderer that follows any address is a way to reach inside the server (the cloud's
metadata address, a database's port, /etc/passwd). So the fetcher knows three kinds of address
and refuses every other one by raising:

- `sala-static:<path>`: a static file of the certification app, found as `collectstatic` would
  find it (the app's folder in development, STATIC_ROOT once collected);
- `sala-upload:<name>`: an uploaded picture (a Wagtail image as uploaded, or one of its
  renditions), read through the storage; only plain names inside those two folders, so neither
  `../` nor another folder (certificates, documents, H5P packages) can be reached;
- `data:` addresses, which Sala writes itself (the QR code).

WeasyPrint treats a refusal like a broken picture: it leaves it out and draws the rest, so a
logo whose file has gone missing never stops a certificate from being issued.
"""

import base64
import mimetypes
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

from media.stored_files import plain_stored_path

STATIC_SCHEME = "sala-static:"
UPLOAD_SCHEME = "sala-upload:"
DATA_SCHEME = "data:"
# Only the certification app's own static files: stylesheets and ornaments of the layouts.
STATIC_FOLDERS = frozenset({"certification"})
# Wagtail images as uploaded, and their renditions (the resized logo and signatures).
UPLOAD_FOLDERS = frozenset({"original_images", "images"})
PICTURE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"})
STATIC_TYPES = PICTURE_TYPES | {"text/css"}
# Far beyond any logo; a bigger file is refused rather than read into memory.
MAX_BYTES = 8 * 1024 * 1024


class Refused(ValueError):
    """An address the certificate renderer will not load."""


def static_address(path: str) -> str:
    return f"{STATIC_SCHEME}{path}"


def upload_address(name: str) -> str:
    return f"{UPLOAD_SCHEME}{name}"


def _typed(path: str, allowed: frozenset[str]) -> str:
    content_type = mimetypes.guess_type(path)[0]
    if content_type not in allowed:
        raise Refused(f"not a picture or stylesheet: {path}")
    return content_type


def _static_bytes(path: str) -> tuple[bytes, str]:
    if plain_stored_path(path, folders=STATIC_FOLDERS) is None:
        raise Refused(f"not a certification static file: {path}")
    content_type = _typed(path, STATIC_TYPES)
    found = finders.find(path)
    if not found and settings.STATIC_ROOT:
        collected = Path(settings.STATIC_ROOT) / path
        found = str(collected) if collected.is_file() else None
    if not found:
        raise Refused(f"no such static file: {path}")
    return Path(found).read_bytes(), content_type


def _upload_bytes(name: str) -> tuple[bytes, str]:
    if plain_stored_path(name, folders=UPLOAD_FOLDERS) is None:
        raise Refused(f"not an uploaded picture: {name}")
    content_type = _typed(name, PICTURE_TYPES)
    with default_storage.open(name, "rb") as stored:
        body = stored.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise Refused(f"picture too large: {name}")
    return body, content_type


def _data_bytes(address: str) -> tuple[bytes, str]:
    header, comma, payload = address[len(DATA_SCHEME) :].partition(",")
    if not comma:
        raise Refused("malformed data: address")
    content_type, *parameters = header.split(";")
    if content_type not in PICTURE_TYPES:
        raise Refused(f"data: address of type {content_type!r}")
    if "base64" in parameters:
        return base64.b64decode(payload, validate=True), content_type
    return urllib.parse.unquote_to_bytes(payload), content_type


def certificate_bytes(address: str) -> tuple[bytes, str]:
    """The body and type of `address`, if a certificate may load it; raises `Refused` otherwise."""
    if address.startswith(DATA_SCHEME):
        return _data_bytes(address)
    # WeasyPrint percent-encodes addresses; the names are checked as they will be read.
    if address.startswith(STATIC_SCHEME):
        return _static_bytes(urllib.parse.unquote(address[len(STATIC_SCHEME) :]))
    if address.startswith(UPLOAD_SCHEME):
        return _upload_bytes(urllib.parse.unquote(address[len(UPLOAD_SCHEME) :]))
    raise Refused(f"address outside Sala: {address[:80]}")


class CertificateFetcher(URLFetcher):
    """WeasyPrint's fetcher, with every handler (http, https, ftp, file) replaced by Sala's own."""

    def __init__(self):
        super().__init__(fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            body, content_type = certificate_bytes(url)
        except (Refused, OSError, ValueError):
            self.refused.append(url)
            raise
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def open(self, url, data=None, timeout=None):
        # urllib's own entry point, kept so that nothing can reach the inherited handlers.
        return self.fetch(getattr(url, "full_url", url))
