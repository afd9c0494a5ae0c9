"""Uploading packages in the admin (only with the dedicated right) and serving their files safely."""

import io
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.factories import LessonPageFactory
from lms.people.choices import Role
from lms.people.factories import StaffFactory
from media.factories import tiny_package
from media.models import H5PPackage
from media.services import h5p_package_import

ADD_URL = "/admin/snippets/media/h5ppackage/add/"


@pytest.fixture
def uploader(db):
    person = StaffFactory(roles=[Role.PROGRAMME_STAFF])
    person.groups.add(Group.objects.get(name="H5P uploaders"))
    return person


def test_uploader_adds_a_package_and_sees_title_library_and_language(client, uploader):
    """The upload creates the package; the admin list shows its title, main library and language."""
    client.force_login(uploader)
    response = client.post(ADD_URL, {"file": SimpleUploadedFile("tiny.h5p", tiny_package()), "title": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    package = H5PPackage.objects.get()
    assert package.uploaded_by == uploader
    listing = client.get("/admin/snippets/media/h5ppackage/").content.decode()
    assert (
        "Tiny choice" in listing
        and "Sala.TinyChoice 1.0" in listing
        and ">en<" in listing.replace(" ", "").replace("\n", "")
    )


def test_broken_upload_shows_the_reason_and_stores_nothing(client, uploader):
    """A file that is not a package is refused on the form with the reason."""
    client.force_login(uploader)
    response = client.post(ADD_URL, {"file": SimpleUploadedFile("notes.h5p", b"plain text"), "title": ""})
    assert response.status_code == 200
    assert "not a zip archive" in response.content.decode()
    assert not H5PPackage.objects.exists()


def test_programme_staff_without_the_right_cannot_upload(client, db):
    """Programme staff who are not H5P uploaders cannot open the upload form."""
    client.force_login(StaffFactory(roles=[Role.PROGRAMME_STAFF]))
    assert client.get(ADD_URL).status_code in (302, 403)
    response = client.post(ADD_URL, {"file": SimpleUploadedFile("tiny.h5p", tiny_package())})
    assert response.status_code in (302, 403) and not H5PPackage.objects.exists()


def test_package_files_have_types_and_a_strict_policy(client, uploader):
    """Library JS is served as JavaScript; every file carries nosniff and a sandboxing policy."""
    client.force_login(uploader)
    client.post(ADD_URL, {"file": SimpleUploadedFile("tiny.h5p", tiny_package()), "title": ""})
    package = H5PPackage.objects.get()
    client.logout()
    script = client.get("/h5p/libraries/Sala.TinyChoice-1.0/tiny-choice.js")
    assert script.status_code == 200 and script["Content-Type"] == "text/javascript"
    assert script["X-Content-Type-Options"] == "nosniff" and "sandbox" in script["Content-Security-Policy"]
    assert script["Access-Control-Allow-Origin"] == "*"  # the player may load it from a cookie-less origin
    content = client.get(f"/h5p/packages/{package.folder}/content/content.json")
    assert content["Content-Type"] == "application/json"
    assert client.get("/h5p/packages/../../db.sqlite3").status_code == 404
    assert client.get("/h5p/other/file.js").status_code == 404


def test_editor_opens_a_lesson_with_an_h5p_block(client, uploader, catalogue):
    """A lesson whose body holds an H5P exercise opens in the page editor with the chosen package."""
    package = h5p_package_import(fileobj=io.BytesIO(tiny_package()), size=len(tiny_package()))
    lesson = LessonPageFactory(
        parent=catalogue["course"],
        body=[{"type": "h5p", "value": {"package": package.pk, "caption": "Try it"}, "id": str(uuid.uuid4())}],
    )
    client.force_login(uploader)
    response = client.get(f"/admin/pages/{lesson.pk}/edit/")
    assert response.status_code == 200 and "Tiny choice" in response.content.decode()
    assert client.get("/admin/snippets/choose/media/h5ppackage/").status_code == 200
