"""Which uploaded files anyone may fetch under /uploads/, and how they are sent.

The uploads folder also holds files that must never be fetched by address alone: documents
(toolkit documents are private, and only Wagtail's document view at /documents/ checks who may
download them) and H5P packages (served by the media app at /h5p/ with their own headers). So the
folder is never served wholesale: only the folders below are public, in every environment, and a
path is refused unless it names a file inside one of them plainly — no empty, `.` or `..` parts,
no backslashes, no leading slash, exact folder names — so no spelling of a path can step out.
"""

import mimetypes
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.http import FileResponse

PUBLIC_UPLOAD_FOLDERS = frozenset({
    "original_images",  # Wagtail images as uploaded
    "images",  # Wagtail renditions (resized pictures)
    "media",  # wagtailmedia audio and video
    "media_thumbnails",  # wagtailmedia poster pictures
})
# Pictures, audio and video open in the browser; anything else under a public folder is sent as
# a download, so it can never run as a page of this site.
INLINE_TYPES = ("image/", "audio/", "video/")
# A file opened on its own loads nothing else and runs no script.
UPLOAD_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
ONE_DAY = 60 * 60 * 24


def public_upload_name(path: str) -> str | None:
    """The storage name of a public upload at `path` (below /uploads/), or None if it is not one."""
    if not path or "\\" in path or "\x00" in path:
        return None
    parts = path.split("/")
    if len(parts) < 2 or parts[0] not in PUBLIC_UPLOAD_FOLDERS:
        return None
    if any(part in ("", ".", "..") for part in parts):
        return None
    return str(PurePosixPath(*parts))


def upload_response(name: str) -> FileResponse:
    """The file, typed by its extension, with headers that keep it from acting as a page."""
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = content_type.startswith(INLINE_TYPES) and content_type != "image/svg+xml"
    response = FileResponse(
        default_storage.open(name, "rb"),
        content_type=content_type if inline else "application/octet-stream",
        as_attachment=not inline,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = UPLOAD_CSP
    # The same file for everyone: shared caches may keep it (the middleware strips any cookie).
    response["Cache-Control"] = f"public, max-age={ONE_DAY}"
    return response
