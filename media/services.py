"""Importing H5P packages: validate, then store the package's files and any library not yet stored.

Each text file (scripts, styles, JSON, SVG...) is stored with a gzip-compressed copy beside it,
`<name>.gz`, which media.views.h5p_file sends to browsers that accept gzip: the player fetches
dozens of these files each time an exercise opens. No package file can end in .gz (validation).
"""

import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from .compression import GZIP_SUFFIX, gzipped, is_compressible
from .models import LIBRARIES_DIR, H5PLibrary, H5PPackage
from .validation import InvalidPackage, validate_package

__all__ = ["InvalidPackage", "h5p_package_import"]


@dataclass
class _Written:
    names: list[str]

    def remove(self) -> None:
        for name in self.names:
            default_storage.delete(name)


def h5p_package_import(*, fileobj, size: int, uploaded_by=None) -> H5PPackage:
    """Validate a .h5p file and store it; raise InvalidPackage (nothing stored) if it is refused.

    Libraries already stored (same machine name and major.minor version) are reused, not
    overwritten: the first upload of a library version is the one every package runs. Files left
    in a folder without a record (an import that crashed before committing, a database restored
    from an older backup) are stale: they are deleted and written again.
    """
    info = validate_package(fileobj, size=size)
    package = H5PPackage(
        title=info.title,
        main_library=str(info.main_library),
        language=info.language,
        h5p_json=info.h5p_json,
        file_size=size,
        uploaded_by=uploaded_by,
    )
    written = _Written(names=[])
    try:
        with zipfile.ZipFile(fileobj) as archive, transaction.atomic():
            while H5PPackage.objects.filter(folder=package.folder).exists():  # never another package's folder
                package.folder = H5PPackage._meta.get_field("folder").get_default()
            _remove_stale(package.storage_path)
            _store(archive, f"{package.storage_path}/h5p.json", "h5p.json", written)
            for name in info.content_files:
                _store(archive, f"{package.storage_path}/{name}", name, written)
            libraries = [_library_store(archive, library, written) for library in info.libraries]
            package.save()
            package.libraries.set(libraries)
    except BaseException:
        written.remove()
        raise
    return package


def _store(archive, target: str, name: str, written: _Written) -> None:
    data = archive.read(name)
    _save(target, data, name, written)
    compressed = gzipped(data) if is_compressible(target) else None
    if compressed is not None:
        _save(target + GZIP_SUFFIX, compressed, name, written)


def _save(target: str, data: bytes, name: str, written: _Written) -> None:
    saved = default_storage.save(target, ContentFile(data))
    written.names.append(saved)
    if saved != target:  # the storage renamed it: the player would not find it
        raise InvalidPackage(_("Could not store %(name)s.") % {"name": name[:200]})


def _remove_stale(folder: str) -> None:
    """Delete everything under a folder no record owns, so that the files written next keep their
    names (the storage would otherwise rename them, and the player would not find them)."""
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    for name in directories:
        _remove_stale(f"{folder}/{name}")
    default_storage.delete(folder)  # the emptied directory, where the storage has directories


def _library_store(archive, library, written: _Written) -> H5PLibrary:
    stored, created = H5PLibrary.objects.get_or_create(
        machine_name=library.machine_name, major_version=library.major, minor_version=library.minor
    )
    if created:
        _remove_stale(f"{LIBRARIES_DIR}/{library.folder}")
        prefix = f"{library.folder}/"
        for name in archive.namelist():
            if name.startswith(prefix) and not name.endswith("/"):
                _store(archive, f"{LIBRARIES_DIR}/{name}", name, written)
    return stored
