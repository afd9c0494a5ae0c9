"""Under /uploads/ only pictures, audio and video are served; documents and H5P files never are,
however the address is spelled, with DEBUG on (the quick start) or off (production)."""

import importlib
import io

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import clear_url_caches
from wagtail.documents import get_document_model
from wagtail_factories import ImageFactory
from wagtailmedia.models import get_media_model

import lms.urls
from courses.toolkits import toolkit_collection
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory
from lms.shell.uploads import public_upload_name
from media.factories import tiny_package
from media.services import h5p_package_import


def urls_built_with(debug: bool) -> None:
    """lms.urls decides its patterns at import, so build them again as that setting would."""
    with override_settings(DEBUG=debug):
        importlib.reload(lms.urls)
    clear_url_caches()


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    settings.DEBUG = request.param
    urls_built_with(request.param)
    yield request.param
    urls_built_with(False)


@pytest.fixture
def private_document(db):
    """A toolkit document: its collection is restricted to the union contact group and staff."""
    return get_document_model().objects.create(
        title="CBA checklist",
        file=ContentFile(b"%PDF-1.4 secret", name="cba-checklist.pdf"),
        collection=toolkit_collection(),
    )


def tricky_addresses(name: str) -> list[str]:
    """Spellings of a stored file's address that a careless server would resolve to the file."""
    folder, rest = name.split("/", 1)
    return [
        f"/uploads/{name}",
        f"/uploads//{name}",
        f"/uploads/./{name}",
        f"/uploads/%2F{name}",
        f"/uploads/%2f{name}",
        f"/uploads/images/../{name}",
        f"/uploads/images/%2e%2e/{name}",
        f"/uploads/original_images/..%2F{name}",
        f"/uploads/media/./../{name}",
        f"/uploads/images//../{name}",
        f"/uploads/images%5C..%5C{folder}%5C{rest}",
        f"/uploads/{folder.upper()}/{rest}",
        f"/uploads/{folder.capitalize()}/{rest}",
        f"/uploads/{folder}/./{rest}",
        f"/uploads/{name}%00.jpg",
    ]


def test_private_document_is_never_served_under_uploads(client, debug, private_document):
    """However its address is spelled, a toolkit document does not download from /uploads/."""
    for url in tricky_addresses(private_document.file.name):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"secret" not in b"".join(getattr(response, "streaming_content", [response.content])), url


def test_allowed_reader_still_gets_the_document_only_through_its_view(client, debug, private_document):
    """A union member downloads the document at /documents/…, never at /uploads/documents/…."""
    client.force_login(PersonFactory(factory=FactoryFactory(), roles=[Role.UNION_CONTACT]))
    assert client.get(f"/uploads/{private_document.file.name}").status_code == 404
    response = client.get(private_document.url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_h5p_files_are_not_served_under_uploads(client, debug, db):
    """H5P package files open at /h5p/ with their own headers, not at /uploads/h5p/."""
    h5p_package_import(fileobj=io.BytesIO(tiny_package()), size=len(tiny_package()))
    library_file = "libraries/Sala.TinyChoice-1.0/tiny-choice.js"
    assert client.get(f"/h5p/{library_file}").status_code == 200
    assert client.get(f"/uploads/h5p/{library_file}").status_code == 404


def test_pictures_and_their_resized_copies_are_served(client, debug, db):
    """A Wagtail picture and its rendition open by address, typed and marked not to run as a page."""
    image = ImageFactory()
    rendition = image.get_rendition("width-100")
    for name in (image.file.name, rendition.file.name):
        assert name.split("/")[0] in ("original_images", "images")
        response = client.get(f"/uploads/{name}")
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("image/")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]


def test_audio_and_video_are_served(client, debug, db):
    """A video uploaded through the media library plays from its address."""
    video = get_media_model().objects.create(
        title="Exits", type="video", file=ContentFile(b"\x00\x00\x00\x18ftypmp42", name="exits.mp4")
    )
    assert video.file.name.startswith("media/")
    response = client.get(video.url)
    assert response.status_code == 200 and response["Content-Type"] == "video/mp4"


def test_other_kinds_of_file_in_a_public_folder_download_instead_of_opening(client, db, settings):
    """A file that is not a picture, audio or video is sent as a download, never shown as a page."""
    (settings.MEDIA_ROOT / "media").mkdir(parents=True)
    (settings.MEDIA_ROOT / "media" / "page.html").write_bytes(b"<script>alert(1)</script>")
    response = client.get("/uploads/media/page.html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream" and response["Content-Disposition"].startswith(
        "attachment"
    )


def test_missing_file_folder_or_impossible_name_is_a_plain_not_found(client, db, settings):
    """An address with no file behind it (nothing, a folder, a name too long to exist) answers 404."""
    (settings.MEDIA_ROOT / "images" / "2026").mkdir(parents=True)
    assert client.get("/uploads/original_images/nothing.jpg").status_code == 404
    assert client.get("/uploads/images/2026").status_code == 404
    assert client.get(f"/uploads/images/{'a' * 300}.jpg").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "",
        "original_images",
        "original_images/",
        "/original_images/a.jpg",
        "documents/a.pdf",
        "h5p/libraries/a.js",
        "Images/a.jpg",
        "images/../documents/a.pdf",
        "images/./a.jpg",
        "images//a.jpg",
        "images\\a.jpg",
        "images/a\x00.jpg",
    ],
)
def test_only_plain_paths_inside_public_folders_are_public(path):
    """The rule refuses empty, dotted, doubled, back-slashed and case-changed paths and other folders."""
    assert public_upload_name(path) is None


def test_a_plain_path_inside_a_public_folder_is_public():
    """A file in a public folder, even in a sub-folder, is served under its own name."""
    assert public_upload_name("images/a.width-100.jpg") == "images/a.width-100.jpg"
    assert public_upload_name("media_thumbnails/2026/a.png") == "media_thumbnails/2026/a.png"
