"""Only stored package and library files are served under /h5p/; any other path is Not found, never an error."""

import io

import pytest
from django.test import Client

from media.factories import tiny_package
from media.services import h5p_package_import

LIBRARY = "Sala.TinyChoice-1.0"


@pytest.fixture
def folder(db):
    content = tiny_package()
    return h5p_package_import(fileobj=io.BytesIO(content), size=len(content)).folder


@pytest.mark.parametrize(
    "path",
    [
        "packages/{folder}/",
        "packages/{folder}",
        "packages/{folder}/content",
        "packages/{folder}/content/",
        "packages",
        "packages/",
        "libraries",
        "libraries/",
        f"libraries/{LIBRARY}",
        f"libraries/{LIBRARY}/",
    ],
)
def test_folders_answer_404(client, folder, path):
    """A stored folder (of a package, of a library, or the roots) is Not found, not an error."""
    assert client.get("/h5p/" + path.format(folder=folder)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "packages//{folder}/h5p.json",
        "packages/{folder}//h5p.json",
        "packages/./{folder}/h5p.json",
        "packages/{folder}/./h5p.json",
        "packages/{folder}/../{folder}/h5p.json",
        "packages/%2e%2e/packages/{folder}/h5p.json",
        "libraries/../packages/{folder}/h5p.json",
        "packages/{folder}/content%2F..%2F..%2F..%2F..%2Fdb.sqlite3",
        "packages%2F{folder}%2F",
        "packages/{folder}/h5p.json%00",
        "packages/{folder}/h5p.json%00.js",
        "packages/{folder}/%5Ch5p.json",
        "packages/{folder}/h5p.json/",
        "packages/{folder}/" + "a" * 300 + ".js",
        "packages/{folder}/" + "a/" * 600 + "x.js",
        "play/{folder}/h5p.json",
        "h5p.json",
    ],
)
def test_odd_paths_answer_404(client, folder, path):
    """Empty segments, dots, encoded slashes, NUL, backslashes and over-long names are Not found."""
    assert client.get("/h5p/" + path.format(folder=folder)).status_code == 404


def test_a_stored_file_is_still_served(client, folder):
    """The checks leave real files alone: h5p.json and library code are served."""
    assert client.get(f"/h5p/packages/{folder}/h5p.json").status_code == 200
    assert client.get(f"/h5p/libraries/{LIBRARY}/tiny-choice.js").status_code == 200


def test_package_file_with_a_stale_session_cookie_sets_no_cookie(folder):
    """A file kept by shared caches never carries a cookie, even for a browser with a stale session."""
    browser = Client()
    browser.cookies["sessionid"] = "not-a-real-session"
    response = browser.get(f"/h5p/libraries/{LIBRARY}/tiny-choice.js")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert not response.cookies and not response.has_header("Set-Cookie")


def test_player_page_is_not_kept_by_shared_caches(folder):
    """The player page, made per request, is never marked for shared caches."""
    browser = Client()
    browser.cookies["sessionid"] = "not-a-real-session"
    response = browser.get(f"/h5p/play/{folder}/?lang=en")
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]
