"""From an address's path to a stored file, without surprises: used wherever uploaded files are
served by address (H5P files under /h5p/, public pictures, audio and video under /uploads/).

The path is checked as it came, never normalised: a normalising parser would turn
`images//x`, `images/./x` or `images/../documents/x` into a real name. Only plain paths inside
the given top folders pass, so no spelling of an address reaches another folder.
"""

from collections.abc import Collection

from django.core.files import File
from django.core.files.storage import default_storage
from django.http import Http404

MAX_PATH_LENGTH = 1000  # far beyond any name we store; longer is refused before any disk access
MAX_SEGMENT_LENGTH = 255  # what file systems allow for one name


def plain_stored_path(path: str, *, folders: Collection[str], min_segments: int = 2) -> str | None:
    """`path` if it names something inside one of `folders` plainly, else None.

    Plainly: no empty, `.` or `..` segment (so no leading, doubled or trailing slash), no
    backslash or control character, no over-long name, and the folder spelled exactly.
    """
    segments = path.split("/")
    if len(path) > MAX_PATH_LENGTH or len(segments) < min_segments or segments[0] not in folders:
        return None
    for segment in segments:
        if segment in ("", ".", "..") or len(segment) > MAX_SEGMENT_LENGTH:
            return None
        if any(ord(char) < 32 or char == "\\" for char in segment):
            return None
    return path


def stored_file_or_404(name: str | None) -> File:
    """The stored file `name`, open for reading; 404 when there is none (or it is a folder)."""
    if name is None or not default_storage.exists(name):
        raise Http404
    try:
        return default_storage.open(name, "rb")
    except (OSError, ValueError) as error:  # a folder (exists() is true for it) or a name the storage refuses
        raise Http404 from error
