"""Every kind of bad .h5p package is refused with a plain reason, before anything is stored."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from media.factories import TINY_LIBRARY, h5p_json, tiny_package, tiny_package_files, zip_bytes
from media.models import H5PLibrary, H5PPackage
from media.services import h5p_package_import
from media.validation import InvalidPackage, validate_package

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "h5p" / "true-false-hello-world.h5p"


def refuse(content: bytes, words: str):
    with pytest.raises(InvalidPackage) as refused:
        h5p_package_import(fileobj=io.BytesIO(content), size=len(content))
    assert words in refused.value.message, refused.value.message
    assert not H5PPackage.objects.exists() and not H5PLibrary.objects.exists()
    assert not default_storage.exists("h5p"), "nothing may be left behind"


def broken(**changes) -> bytes:
    files = tiny_package_files()
    for name, data in changes.items():
        name = name.replace("__", "/")
        if data is None:
            files.pop(name)
        else:
            files[name] = data
    return zip_bytes(files)


@pytest.mark.django_db
def test_tiny_package_imports_and_its_library_is_stored_once():
    """A good package is stored under its own folder; a second package reuses the stored library."""
    first = h5p_package_import(fileobj=io.BytesIO(tiny_package()), size=len(tiny_package()))
    second = h5p_package_import(fileobj=io.BytesIO(tiny_package(question="Which exit?")), size=len(tiny_package()))
    assert first.title == "Tiny choice" and first.main_library == "Sala.TinyChoice 1.0" and first.language == "en"
    assert first.folder != second.folder and H5PLibrary.objects.count() == 1
    assert default_storage.exists(f"h5p/packages/{first.folder}/h5p.json")
    assert default_storage.exists(f"h5p/packages/{second.folder}/content/content.json")
    assert default_storage.exists(f"h5p/libraries/{TINY_LIBRARY}/tiny-choice.js")


@pytest.mark.django_db
@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample package is not beside this checkout")
def test_real_true_false_sample_imports():
    """The real H5P.TrueFalse sample passes with all eight preloaded libraries."""
    content = SAMPLE.read_bytes()
    package = h5p_package_import(fileobj=io.BytesIO(content), size=len(content))
    assert package.title == "Hello World" and package.main_library == "H5P.TrueFalse 1.6"
    assert package.libraries.count() >= 8


@pytest.mark.django_db
def test_not_a_zip():
    refuse(b"this is a text file, not a package", "not a zip")


@pytest.mark.django_db
def test_missing_h5p_json():
    refuse(broken(**{"h5p.json": None}), "no h5p.json")


@pytest.mark.django_db
def test_invalid_h5p_json():
    refuse(broken(**{"h5p.json": b"{not json"}), "h5p.json is not valid JSON")
    refuse(broken(**{"h5p.json": json.dumps({"title": "No library"}).encode()}), "main library")


@pytest.mark.django_db
def test_missing_content_json():
    refuse(broken(**{"content/content.json": None}), "content/content.json")


@pytest.mark.django_db
def test_main_library_missing_from_the_package():
    files = tiny_package_files()
    for name in list(files):
        if name.startswith(TINY_LIBRARY):
            files.pop(name)
    refuse(zip_bytes(files), "main library Sala.TinyChoice 1.0 is missing")


@pytest.mark.django_db
def test_preloaded_dependency_missing():
    dependencies = [
        {"machineName": "Sala.TinyChoice", "majorVersion": "1", "minorVersion": "0"},
        {"machineName": "H5P.JoubelUI", "majorVersion": "1", "minorVersion": "3"},
    ]
    refuse(broken(**{"h5p.json": json.dumps(h5p_json(dependencies=dependencies)).encode()}), "H5P.JoubelUI 1.3")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["/etc/passwd", "content/../../evil.json", "C:/evil.json", "content\\evil.json"])
def test_unsafe_entry_names(name):
    refuse(zip_bytes({**tiny_package_files(), name: b"{}"}), "unsafe name")


@pytest.mark.django_db
def test_symbolic_link():
    refuse(zip_bytes(tiny_package_files(), symlinks={"content/link.json": "/etc/passwd"}), "symbolic link")


@pytest.mark.django_db
def test_too_many_entries(settings):
    settings.SALA_H5P_MAX_ENTRIES = 10
    refuse(zip_bytes({**tiny_package_files(), **{f"content/{n}.json": b"{}" for n in range(10)}}), "at most 10")


@pytest.mark.django_db
def test_zip_bomb_is_refused_before_extracting(settings):
    """A small file that would unpack to hundreds of megabytes is refused from the zip's directory."""
    settings.SALA_H5P_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
    content = zip_bytes({**tiny_package_files(), "content/padding.txt": b"\0" * (60 * 1024 * 1024)})
    assert len(content) < 1024 * 1024
    refuse(content, "Unpacked")


@pytest.mark.django_db
def test_oversize_package(settings):
    settings.SALA_H5P_MAX_PACKAGE_BYTES = 1000
    refuse(tiny_package(), "largest allowed")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["content/run.js", "content/page.html", "content/shell.php", "content/run.exe"])
def test_content_files_outside_the_whitelist(name):
    refuse(zip_bytes({**tiny_package_files(), name: b"alert(1)"}), "file type that is not allowed")


@pytest.mark.django_db
def test_svg_with_script():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    refuse(zip_bytes({**tiny_package_files(), "content/images/exit.svg": svg}), "contains script")
    plain = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>'
    assert validate_package(io.BytesIO(zip_bytes({**tiny_package_files(), "content/images/exit.svg": plain})), size=1)


@pytest.mark.django_db
def test_unknown_top_level_folder():
    refuse(zip_bytes({**tiny_package_files(), "scripts/run.js": b"1"}), "neither content nor a library")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "version",
    [1e999, float("nan"), True, 1.5, "²", "១", "9" * 5000, -1, 10**30, [1], {"v": 1}, None],
    ids=[
        "inf",
        "nan",
        "bool",
        "float",
        "superscript",
        "khmer",
        "5000 digits",
        "negative",
        "huge",
        "list",
        "object",
        "null",
    ],
)
def test_odd_version_numbers_are_refused_plainly(version):
    """A dependency version that is not a plain small number is a refusal with a reason, never an error page."""
    data = h5p_json(dependencies=[{"machineName": "Sala.TinyChoice", "majorVersion": version, "minorVersion": "0"}])
    # json.dumps writes inf/nan as Infinity/NaN, which JSON itself does not allow.
    refuse(broken(**{"h5p.json": json.dumps(data).encode()}), "h5p.json")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    ['{"a": ' + "9" * 5000 + "}", "[" * 100_000 + "]" * 100_000, '{"title": NaN}', '{"x": -Infinity}'],
    ids=["5000-digit integer", "deep nesting", "NaN", "Infinity"],
)
def test_malformed_h5p_json_is_refused_plainly(text):
    """h5p.json with numbers JSON does not allow, or nested beyond reason, is "not valid JSON"."""
    refuse(broken(**{"h5p.json": text.encode()}), "not valid JSON")


@pytest.mark.django_db
def test_library_folder_with_a_huge_version_is_refused():
    """A library folder named Name-99999999999.0 is not a library folder."""
    files = tiny_package_files()
    files["Sala.Huge-99999999999.0/library.json"] = b"{}"
    refuse(zip_bytes(files), "neither content nor a library folder")
