"""Which uploaded files anyone may fetch under /uploads/, and how they are sent.

The uploads folder also holds files that must never be fetched by address alone: documents
(toolkit documents are private, and only Wagtail's document view at /documents/ checks who may
download them) and H5P packages (served by the media app at /h5p/ with their own headers). So the
folder is never served wholesale: only the folders below are public, in every environment, and a
path is refused unless it names a file inside one of them plainly (media.stored_files), so no
spelling of a path can step out.
"""

import mimetypes

from django.http import FileResponse

from media.stored_files import plain_stored_path, stored_file_or_404

PUBLIC_UPLOAD_FOLDERS = frozenset(
    {
        "original_images",  # Wagtail images as uploaded
        "images",  # Wagtail renditions (resized pictures)
        "media",  # wagtailmedia audio and video
        "media_thumbnails",  # wagtailmedia poster pictures
    }
)
# Pictures, audio and video open in the browser; anything else under a public folder is sent as
# a download, so it can never run as a page of this site.
INLINE_TYPES = ("image/", "audio/", "video/")
# A file opened on its own loads nothing else and runs no script.
UPLOAD_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
ONE_DAY = 60 * 60 * 24


def public_upload_name(path: str) -> str | None:
    """The storage name of a public upload at `path` (below /uploads/), or None if it is not one."""
    return plain_stored_path(path, folders=PUBLIC_UPLOAD_FOLDERS)


def public_upload_response(path: str) -> FileResponse:
    """The public upload at `path`, typed by its extension, with headers that keep it from acting
    as a page; 404 for anything else."""
    name = public_upload_name(path)
    stored = stored_file_or_404(name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = content_type.startswith(INLINE_TYPES) and content_type != "image/svg+xml"
    response = FileResponse(
        stored,
        content_type=content_type if inline else "application/octet-stream",
        as_attachment=not inline,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = UPLOAD_CSP
    # The same file for everyone: shared caches may keep it (the middleware strips any cookie).
    response["Cache-Control"] = f"public, max-age={ONE_DAY}"
    return response
