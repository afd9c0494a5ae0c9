"""Serving H5P: the package files, and the player page every exercise runs in.

A package's JavaScript is written by whoever made the package, so it never runs with the site's
origin. The lesson page frames `h5p_player` in `<iframe sandbox="allow-scripts">` (no
allow-same-origin): the player and the package's code get an opaque origin, with no cookies, no
storage, no CSRF token and no access to the lesson page. The player page holds nothing secret and
needs no session; results leave it only as postMessage, which h5p-lesson.js checks before posting.
"""

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.cache import patch_vary_headers
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from .compression import GZIP_SUFFIX, accepts_gzip, is_compressible
from .models import H5PPackage
from .selectors import player_json_files
from .stored_files import plain_stored_path, stored_file_or_404

TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".vtt": "text/vtt",
}
# A file opened on its own (an SVG, a PDF) runs no script and loads nothing from elsewhere.
FILE_CSP = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; sandbox"
FILE_ROOTS = ("packages", "libraries")


@require_GET
def h5p_file(request, path: str):
    """A file of a package or a library: gzip-compressed for a browser that accepts it, when the
    import stored a compressed copy beside it (see media.services)."""
    # packages/<folder>/<file> or libraries/<library>/<file>, spelled plainly; never a compressed copy
    plain = plain_stored_path(path, folders=FILE_ROOTS, min_segments=3)
    name = f"h5p/{plain}" if plain and not plain.endswith(GZIP_SUFFIX) else None
    stored = stored_file_or_404(name)
    compressed = is_compressible(name) and accepts_gzip(request) and default_storage.exists(name + GZIP_SUFFIX)
    if compressed:
        stored.close()
        stored = stored_file_or_404(name + GZIP_SUFFIX)
    suffix = PurePosixPath(name).suffix.lower()
    content_type = TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(stored, content_type=content_type, filename=PurePosixPath(name).name)
    if compressed:
        response["Content-Encoding"] = "gzip"
    if is_compressible(name):
        patch_vary_headers(response, ["Accept-Encoding"])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    # The player fetches package files from its sandboxed, opaque origin (and perhaps from
    # SALA_H5P_FILES_URL), always without cookies: they are the same for everyone.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=86400"  # a stored package never changes
    return response


def _player_policy(*, site: str, static_url: str, files_url: str, folder: str) -> str:
    """The player page's Content-Security-Policy.

    The page runs in an opaque origin, which 'self' would not match: every source is named in
    full. Package code may load scripts and styles from the libraries, fetch only this package's
    files and the libraries' JSON, and be framed by the site's own pages only.
    """
    package = f"{files_url}packages/{folder}/"
    libraries = f"{files_url}libraries/"
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {static_url} {libraries}",
            f"style-src {static_url} {libraries} 'unsafe-inline'",  # H5P content types set style attributes
            f"img-src {static_url} {package} {libraries} data: blob:",
            f"media-src {package} {libraries} data: blob:",
            f"font-src {static_url} {libraries} data:",
            f"connect-src {package} {libraries}",
            "base-uri 'none'",
            "form-action 'none'",
            f"frame-ancestors {site}",
        ]
    )


@require_GET
@xframe_options_sameorigin  # only the site's own lesson pages may frame the player (X-Frame-Options for old browsers)
def h5p_player(request, folder: str):
    """The page the lesson's sandboxed iframe loads: the H5P player for one package.

    The same for every learner: it reads no session and sets no cookie, so it works for the
    cookie-less request a sandboxed frame may make.
    """
    package = get_object_or_404(H5PPackage, folder=folder)
    site = f"{request.scheme}://{request.get_host()}"
    files_url = urljoin(site + "/", settings.SALA_H5P_FILES_URL)
    static_url = urljoin(site + "/", settings.STATIC_URL)
    languages = dict(settings.LANGUAGES)
    language = request.GET.get("lang") if request.GET.get("lang") in languages else settings.LANGUAGE_CODE
    # Rendered without the request: no context processor may reach the session or the CSRF token.
    response = HttpResponse(
        render_to_string(
            "media/h5p_player.html",
            {
                "package": package,
                "language": language,
                "site": site,
                "h5p_json_url": f"{files_url}packages/{package.folder}",
                "libraries_url": f"{files_url}libraries",
                "frame_js_url": urljoin(site + "/", static("h5p-standalone/frame.bundle.js")),
                "frame_css_url": urljoin(site + "/", static("h5p-standalone/styles/h5p.css")),
                # The JSON files the player reads first, so that it fetches none of them.
                "preloaded": {files_url + path: data for path, data in player_json_files(package).items()},
            },
        )
    )
    response["Content-Security-Policy"] = _player_policy(
        site=site, static_url=static_url, files_url=files_url, folder=package.folder
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    # It names this request's host in its policy: a browser may keep it, a shared cache may not.
    response["Cache-Control"] = "private, no-cache"
    return response
