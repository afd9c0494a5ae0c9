"""Serving stored H5P files with the right content type and a strict Content-Security-Policy."""

import mimetypes
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml",
         ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".mp4": "video/mp4", ".webm": "video/webm",
         ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".vtt": "text/vtt"}
# A file opened on its own (an SVG, a PDF) runs no script and loads nothing from elsewhere.
FILE_CSP = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; sandbox"


@require_GET
def h5p_file(request, path: str):
    parts = PurePosixPath(path).parts
    if not parts or parts[0] not in ("packages", "libraries") or ".." in parts or path.startswith("/"):
        raise Http404
    name = f"h5p/{path}"
    if not default_storage.exists(name):
        raise Http404
    suffix = PurePosixPath(path).suffix.lower()
    content_type = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    # Package files are the same for everyone; the player may fetch them from another origin
    # (SALA_H5P_FILES_URL), without cookies.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=86400"  # a stored package never changes
    return response
