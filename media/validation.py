"""Checking an uploaded .h5p package before any of it is written anywhere.

A .h5p file is a zip: `h5p.json` (title, main library, preloaded dependencies), `content/`
(content.json and the pictures, audio and video it uses) and one folder per library
(`Name-major.minor/library.json` with the library's JavaScript and CSS). Library JavaScript runs
in learners' browsers, so packages come only from trusted editors and every entry is checked
here: the zip itself, its size, every name, every file type, and that each library the content
needs is inside. `validate_package` reads the zip's directory and the small JSON files only; it
extracts nothing.
"""

import json
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

# H5P's own default whitelist for content files, minus anything that can carry script.
CONTENT_EXTENSIONS = frozenset(
    "json png jpg jpeg gif bmp tif tiff svg eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav txt pdf rtf doc docx "
    "xls xlsx ppt pptx odt ods odp xml csv diff patch md textile vtt webvtt gltf glb".split()
)
# Libraries add their code and styles.
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css"}
LIBRARY_FOLDER = re.compile(r"^(?P<name>[A-Za-z0-9_.]+)-(?P<major>[0-9]{1,4})\.(?P<minor>[0-9]{1,4})$")
# Versions are stored in small integer columns; real H5P versions are one or two digits.
MAX_VERSION = 9999
SCRIPT_IN_SVG = re.compile(rb"<script|\bon[a-z]+\s*=|javascript:|<foreignObject", re.IGNORECASE)


class InvalidPackage(Exception):
    """The package is refused; `message` says why in words an editor understands."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Library:
    machine_name: str
    major: int
    minor: int

    @property
    def folder(self) -> str:
        return f"{self.machine_name}-{self.major}.{self.minor}"

    def __str__(self):
        return f"{self.machine_name} {self.major}.{self.minor}"


@dataclass
class PackageInfo:
    title: str
    main_library: Library
    language: str
    h5p_json: dict
    libraries: list[Library] = field(default_factory=list)  # every library folder in the package
    content_files: list[str] = field(default_factory=list)  # names inside the zip, under content/
    uncompressed_size: int = 0


def _limits():
    return (
        settings.SALA_H5P_MAX_PACKAGE_BYTES,
        settings.SALA_H5P_MAX_ENTRIES,
        settings.SALA_H5P_MAX_UNCOMPRESSED_BYTES,
    )


def validate_package(fileobj, *, size: int) -> PackageInfo:
    """Return what the package holds, or raise InvalidPackage. Nothing is extracted or stored."""
    max_bytes, max_entries, max_uncompressed = _limits()
    if size > max_bytes:
        raise InvalidPackage(
            _("The package is %(size)s MB; the largest allowed is %(limit)s MB.")
            % {"size": round(size / 1e6, 1), "limit": round(max_bytes / 1e6)}
        )
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InvalidPackage(_("This is not an H5P package: the file is not a zip archive.")) from error
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        _check_sizes(archive.infolist(), max_entries, max_uncompressed)
        for info in archive.infolist():
            _check_name(info)
        names = {info.filename for info in entries}
        h5p_json = _read_json(archive, names, "h5p.json")
        title, main_library, language, wanted = _read_h5p_json(h5p_json)
        _read_json(archive, names, "content/content.json")
        libraries = _check_libraries(archive, names, wanted, main_library)
        content_files = _check_files(archive, entries, libraries)
        return PackageInfo(
            title=title,
            main_library=main_library,
            language=language,
            h5p_json=h5p_json,
            libraries=sorted(libraries.values(), key=str),
            content_files=content_files,
            uncompressed_size=sum(info.file_size for info in entries),
        )


def _check_sizes(infos, max_entries: int, max_uncompressed: int) -> None:
    # Read from the zip's directory, before any byte is decompressed: a zip bomb stops here.
    if len(infos) > max_entries:
        raise InvalidPackage(
            _("The package has %(count)s files; at most %(limit)s are allowed.")
            % {"count": len(infos), "limit": max_entries}
        )
    total = sum(info.file_size for info in infos)
    if total > max_uncompressed:
        raise InvalidPackage(
            _("Unpacked, the package would take %(size)s MB; at most %(limit)s MB are allowed.")
            % {"size": round(total / 1e6), "limit": round(max_uncompressed / 1e6)}
        )


def _check_name(info: zipfile.ZipInfo) -> None:
    name = info.filename
    parts = PurePosixPath(name).parts
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name or ".." in parts or "\x00" in name:
        raise InvalidPackage(_("The package contains a file with an unsafe name: %(name)s") % {"name": name[:200]})
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise InvalidPackage(
            _("The package contains a symbolic link, which is not allowed: %(name)s") % {"name": name[:200]}
        )


def _read_json(archive: zipfile.ZipFile, names: set[str], name: str) -> dict:
    if name not in names:
        raise InvalidPackage(_("The package has no %(name)s file.") % {"name": name})
    if archive.getinfo(name).file_size > 5_000_000:
        raise InvalidPackage(_("%(name)s is too large.") % {"name": name})
    try:
        data = json.loads(archive.read(name).decode("utf-8-sig"), parse_constant=_refuse_constant)
    # ValueError: also integers of thousands of digits; RecursionError: absurdly deep nesting.
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise InvalidPackage(_("%(name)s is not valid JSON.") % {"name": name}) from error
    if not isinstance(data, dict):
        raise InvalidPackage(_("%(name)s is not valid JSON.") % {"name": name})
    return data


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _version(value) -> int:
    """A version number as H5P writes it (1 or "1"), never a float, a boolean, "²" or 1e999."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_VERSION:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 4:
        return int(value)
    raise ValueError(f"not a version number: {value!r}")


def _library_ref(item) -> Library:
    try:
        return Library(str(item["machineName"]), _version(item["majorVersion"]), _version(item["minorVersion"]))
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidPackage(_("h5p.json lists a dependency without a machine name and version.")) from error


def _read_h5p_json(data: dict) -> tuple[str, Library, str, list[Library]]:
    title = data.get("title")
    main = data.get("mainLibrary")
    dependencies = data.get("preloadedDependencies")
    if (
        not isinstance(title, str)
        or not title.strip()
        or not isinstance(main, str)
        or not isinstance(dependencies, list)
    ):
        raise InvalidPackage(_("h5p.json must give a title, a main library and the preloaded dependencies."))
    wanted = [_library_ref(item) for item in dependencies]
    main_library = next((lib for lib in wanted if lib.machine_name == main), None)
    if main_library is None:
        raise InvalidPackage(_("The main library %(name)s is not among the package's dependencies.") % {"name": main})
    return title.strip()[:255], main_library, str(data.get("language") or "und")[:10], wanted


def _check_libraries(archive, names: set[str], wanted: list[Library], main: Library) -> dict[str, Library]:
    """Every library folder's library.json, and every preloaded dependency present (recursively)."""
    folders = {name.split("/", 1)[0] for name in names if "/" in name and not name.startswith("content/")}
    libraries = {}
    for folder in folders:
        match = LIBRARY_FOLDER.match(folder)
        if not match:
            raise InvalidPackage(
                _("“%(folder)s” is neither content nor a library folder (Name-1.0).") % {"folder": folder}
            )
        library_json = _read_json(archive, names, f"{folder}/library.json")
        libraries[folder] = Library(match["name"], int(match["major"]), int(match["minor"]))
        wanted = wanted + [_library_ref(item) for item in library_json.get("preloadedDependencies") or []]
    if main.folder not in libraries:
        raise InvalidPackage(_("The main library %(library)s is missing from the package.") % {"library": main})
    missing = sorted({str(lib) for lib in wanted if lib.folder not in libraries})
    if missing:
        raise InvalidPackage(
            _("These libraries are needed but missing from the package: %(libraries)s.")
            % {"libraries": ", ".join(missing)}
        )
    return libraries


def _check_files(archive, entries, libraries: dict[str, Library]) -> list[str]:
    content_files = []
    for info in entries:
        name = info.filename
        extension = PurePosixPath(name).suffix.lower().lstrip(".")
        top = name.split("/", 1)[0]
        if name.startswith("content/"):
            allowed = CONTENT_EXTENSIONS
            content_files.append(name)
        elif top in libraries:
            allowed = LIBRARY_EXTENSIONS
        else:
            allowed = CONTENT_EXTENSIONS  # loose files at the top (h5p.json, readme.txt) are not served
        if extension not in allowed:
            raise InvalidPackage(
                _("The package contains a file type that is not allowed: %(name)s") % {"name": name[:200]}
            )
        if extension == "svg" and SCRIPT_IN_SVG.search(archive.read(info)):
            raise InvalidPackage(
                _("The picture %(name)s contains script, which is not allowed.") % {"name": name[:200]}
            )
    return content_files
