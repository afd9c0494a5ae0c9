"""The H5P player runs in a sandboxed page of its own: the package's code never runs as the site."""

import io
import json
import re
import uuid

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from courses import services
from courses.factories import LessonPageFactory, translations_sync
from lms.people.factories import FactoryFactory, PersonFactory
from media.factories import tiny_package
from media.services import h5p_package_import


@pytest.fixture
def package(db):
    content = tiny_package()
    return h5p_package_import(fileobj=io.BytesIO(content), size=len(content))


@pytest.fixture
def learner(catalogue):
    person = PersonFactory(factory=FactoryFactory(code="PP-001"))
    services.enrolment_create(person=person, course=catalogue["course"], enrolled_by=person)
    return person


def player_url(package, lang="en"):
    return f"/h5p/play/{package.folder}/?lang={lang}"


def policy(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def test_player_page_sends_a_policy_of_its_own(client, package):
    """The player page names every source in full; 'self' would not match its opaque origin."""
    response = client.get(player_url(package))
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["http://testserver/static/", "http://testserver/h5p/libraries/"]
    assert csp["connect-src"] == [
        f"http://testserver/h5p/packages/{package.folder}/",
        "http://testserver/h5p/libraries/",
    ]
    assert csp["frame-ancestors"] == ["http://testserver"]
    assert not any("'self'" in sources or "'unsafe-eval'" in sources for sources in csp.values())
    assert "'unsafe-inline'" not in csp["script-src"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_player_policy_follows_a_separate_files_origin(client, package, settings):
    """With SALA_H5P_FILES_URL on another host, scripts and fetches go there, not to the site."""
    settings.SALA_H5P_FILES_URL = "https://h5p-files.example.org/h5p/"
    response = client.get(player_url(package))
    csp = policy(response)
    assert csp["script-src"] == ["http://testserver/static/", "https://h5p-files.example.org/h5p/libraries/"]
    assert f'data-h5p-json="https://h5p-files.example.org/h5p/packages/{package.folder}"' in response.content.decode()


def test_player_page_carries_no_cookie_and_no_token(client, learner, package):
    """Fetched by a signed-in learner, the player page sets no cookie and holds no CSRF token."""
    client.force_login(learner)
    client.get("/learning/")  # the learner has a session and a CSRF cookie
    response = client.get(player_url(package))
    body = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert "csrf" not in body.lower() and learner.get_short_name() not in body
    assert "public" not in response["Cache-Control"]


def test_player_page_works_without_cookies(package):
    """A browser that sends no cookie to the sandboxed frame still gets the whole player page."""
    response = Client().get(player_url(package))
    assert response.status_code == 200 and not response.cookies
    assert "h5p-standalone/main.bundle.js" in response.content.decode()


def test_player_page_takes_the_lesson_language(client, package):
    """The player page carries the language the lesson asked for; an unknown one falls back to English."""
    assert '<html lang="km">' in client.get(player_url(package, "km")).content.decode()
    assert '<html lang="en">' in client.get(player_url(package, "xx-evil")).content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "/h5p/play/00000000000000000000000000000000/",
        "/h5p/play/not-a-folder/",
        "/h5p/play/",
    ],
)
def test_unknown_player_answers_404(client, package, address):
    """A player address for no package answers Not found."""
    assert client.get(address).status_code == 404


def test_lesson_frames_the_player_in_a_sandbox(client, learner, catalogue, package):
    """The lesson page frames the player with sandbox="allow-scripts" only, and loads no H5P code itself."""
    LessonPageFactory(
        parent=catalogue["course"],
        title="Practise",
        slug="practise",
        body=[{"type": "h5p", "value": {"package": package.pk, "caption": ""}, "id": str(uuid.uuid4())}],
    )
    translations_sync()
    client.force_login(learner)
    page = client.get("/catalogue/osh/fire-safety/practise/", HTTP_ACCEPT_LANGUAGE="km").content.decode()
    frames = re.findall(r"<iframe[^>]*>", page)
    assert len(frames) == 1
    assert re.search(r'\ssandbox="allow-scripts"', frames[0]) and "allow-same-origin" not in page
    assert f'src="/h5p/play/{package.folder}/?lang=km"' in frames[0]
    assert "main.bundle.js" not in page and "frame.bundle.js" not in page


def test_lesson_whose_package_is_gone_says_so(client, learner, catalogue, package):
    """If the exercise's package was deleted, the lesson shows the plain failure message, not a spinner."""
    LessonPageFactory(
        parent=catalogue["course"],
        title="Practise",
        slug="practise",
        body=[{"type": "h5p", "value": {"package": package.pk, "caption": ""}, "id": str(uuid.uuid4())}],
    )
    translations_sync()
    package.delete()
    client.force_login(learner)
    page = client.get("/catalogue/osh/fire-safety/practise/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    failed = re.search(r'<p class="h5p-failed[^>]*>', page).group(0)
    assert "hidden" not in failed
    assert "<iframe" not in page and "h5p-loading" not in page


def carried_files(response) -> dict:
    """The JSON files the player page carries for the player, by address."""
    found = re.search(
        r'<script id="h5p-preloaded" type="application/json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(found[1])


def test_player_page_carries_the_json_files_the_player_reads_first(client, package):
    """h5p.json, content.json and the library's library.json come with the page, at the addresses the player uses."""
    files = carried_files(client.get(player_url(package)))
    base = "http://testserver/h5p/"
    assert sorted(files) == [
        f"{base}libraries/Sala.TinyChoice-1.0/library.json",
        f"{base}packages/{package.folder}/content/content.json",
        f"{base}packages/{package.folder}/h5p.json",
    ]
    assert files[f"{base}libraries/Sala.TinyChoice-1.0/library.json"]["machineName"] == "Sala.TinyChoice"
    assert files[f"{base}packages/{package.folder}/content/content.json"]["right"] == 1


def test_player_page_carries_nothing_of_a_package_whose_files_are_gone(client, package):
    """Without its content.json the page carries nothing, so the player asks, fails and says so."""
    default_storage.delete(f"h5p/packages/{package.folder}/content/content.json")
    assert carried_files(client.get(player_url(package))) == {}


def test_carried_json_cannot_end_the_script_element(client, db):
    """Text in a package's JSON that looks like HTML stays data: it cannot close the element and add markup."""
    content = tiny_package(question="</script><script>alert(1)</script>")
    package = h5p_package_import(fileobj=io.BytesIO(content), size=len(content))
    response = client.get(player_url(package))
    assert "<script>alert(1)" not in response.content.decode()
    assert (
        carried_files(response)[f"http://testserver/h5p/packages/{package.folder}/content/content.json"]["question"]
        == "</script><script>alert(1)</script>"
    )
