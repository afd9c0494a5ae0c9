"""Imports recover from files left without a record (a crash before commit, an older database backup),
and never overwrite the files of a library or package that has one."""

import io
import json
import uuid
from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from media.factories import TINY_LIBRARY, tiny_package_files, zip_bytes
from media.models import H5PLibrary, H5PPackage
from media.services import h5p_package_import

LIBRARY_DIR = f"h5p/libraries/{TINY_LIBRARY}"


def import_files(files: dict) -> H5PPackage:
    content = zip_bytes(files)
    return h5p_package_import(fileobj=io.BytesIO(content), size=len(content))


def files_with_script(script: str) -> dict:
    files = tiny_package_files()
    files[f"{TINY_LIBRARY}/tiny-choice.js"] = script.encode()
    return files


def served(client, path: str) -> bytes:
    response = client.get(f"/h5p/{path}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_stale_library_files_without_a_record_are_replaced(client, db):
    """A library's files left on disk without a record no longer block imports; learners get the new files."""
    default_storage.save(f"{LIBRARY_DIR}/tiny-choice.js", ContentFile(b"/* stale */"))
    default_storage.save(f"{LIBRARY_DIR}/library.json", ContentFile(b"{}"))
    default_storage.save(f"{LIBRARY_DIR}/old/leftover.js", ContentFile(b"/* stale */"))
    assert not H5PLibrary.objects.exists()
    import_files(files_with_script("/* new */"))
    assert served(client, f"libraries/{TINY_LIBRARY}/tiny-choice.js") == b"/* new */"
    assert json.loads(served(client, f"libraries/{TINY_LIBRARY}/library.json"))["machineName"] == "Sala.TinyChoice"
    assert not default_storage.exists(f"{LIBRARY_DIR}/old/leftover.js")


def test_files_of_a_recorded_library_are_never_overwritten(client, db):
    """A second package carrying the same library version runs the first upload's files."""
    import_files(files_with_script("/* first */"))
    second = import_files(files_with_script("/* second */"))
    assert served(client, f"libraries/{TINY_LIBRARY}/tiny-choice.js") == b"/* first */"
    assert second.libraries.get().folder == TINY_LIBRARY
    stored = [name for name in default_storage.listdir(LIBRARY_DIR)[1] if not name.endswith(".gz")]  # compressed copies
    assert sorted(stored) == ["library.json", "tiny-choice.css", "tiny-choice.js"]


def test_stale_package_folder_without_a_record_is_replaced(client, db):
    """Files in a package folder no record owns are replaced by the package that gets that folder."""
    folder = uuid.UUID(int=7)
    default_storage.save(f"h5p/packages/{folder.hex}/h5p.json", ContentFile(b"{}"))
    default_storage.save(f"h5p/packages/{folder.hex}/content/content.json", ContentFile(b"{}"))
    with mock.patch("media.models.uuid.uuid4", return_value=folder):
        package = import_files(tiny_package_files(question="Which exit is nearest?"))
    assert package.folder == folder.hex
    assert json.loads(served(client, f"packages/{folder.hex}/h5p.json"))["mainLibrary"] == "Sala.TinyChoice"
    assert (
        json.loads(served(client, f"packages/{folder.hex}/content/content.json"))["question"]
        == "Which exit is nearest?"
    )


def test_a_recorded_package_folder_is_never_reused(client, db):
    """An import whose new folder name is already a package's takes another; the first package keeps its files."""
    folder = uuid.UUID(int=8)
    with mock.patch("media.models.uuid.uuid4", return_value=folder):
        first = import_files(tiny_package_files(question="First?"))
    with mock.patch("media.models.uuid.uuid4", side_effect=[folder, uuid.UUID(int=9)]):
        second = import_files(tiny_package_files(question="Second?"))
    assert (first.folder, second.folder) == (folder.hex, uuid.UUID(int=9).hex)
    assert json.loads(served(client, f"packages/{first.folder}/content/content.json"))["question"] == "First?"
    assert json.loads(served(client, f"packages/{second.folder}/content/content.json"))["question"] == "Second?"
