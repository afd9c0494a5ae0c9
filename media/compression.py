"""Sending text compressed: pages, H5P's scripts, styles and JSON, exports.

Workers read Sala over slow, metered mobile data. HTML, CSS, JavaScript and JSON shrink to a
quarter or less with gzip; pictures, audio, video, fonts in WOFF and Office files are compressed
already, so compressing them again only costs the server's CPU (and would break the byte ranges
a video player asks for). Static files are compressed at build time by WhiteNoise and served
before this middleware runs; H5P package files are compressed once, when a package is imported
(media.services), and served as such by media.views.h5p_file.
"""

import gzip
import re

from django.middleware.gzip import GZipMiddleware

GZIP_SUFFIX = ".gz"
# H5P files worth compressing: text, and fonts in formats that are not compressed inside.
COMPRESSIBLE_SUFFIXES = frozenset(
    {".js", ".css", ".json", ".svg", ".html", ".txt", ".vtt", ".webvtt", ".xml", ".csv", ".ttf", ".otf", ".eot"}
)
# A compressed copy is kept only when it saves at least this share of the bytes.
WORTHWHILE_SAVING = 0.1
TEXT_TYPES = re.compile(
    r"^(text/|application/(json|javascript|xml|[\w.+-]+\+(json|xml))\b|image/svg\+xml\b)", re.IGNORECASE
)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def is_compressible(name: str) -> bool:
    dot = name.rfind(".")
    return dot > name.rfind("/") and name[dot:].lower() in COMPRESSIBLE_SUFFIXES


def gzipped(data: bytes) -> bytes | None:
    """`data` compressed with gzip, or None when that saves too little to be worth a second file."""
    compressed = gzip.compress(data, compresslevel=9, mtime=0)
    return compressed if len(compressed) <= len(data) * (1 - WORTHWHILE_SAVING) else None


def accepts_gzip(request) -> bool:
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for text only (HTML, CSS, JavaScript, JSON, SVG, CSV...).

    Safe against BREACH: the secret in Sala's pages is the CSRF token, which Django masks afresh
    for every response, so no two responses carry the same bytes for it to be guessed from; and
    Django adds random bytes to each gzip header. Streaming responses (exports) are compressed as
    they stream, without being held in memory.
    """

    def process_response(self, request, response):
        if not TEXT_TYPES.match(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
