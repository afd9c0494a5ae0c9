"""A response a shared cache may keep carries no cookie, and a response with a cookie is never
kept by shared caches: a proxy must not hand one visitor's cookies (or a sign-out) to others."""

import io

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail_factories import ImageFactory

from lms.people.factories import FactoryFactory, PersonFactory
from lms.shell.middleware import NoCookiesInSharedCacheMiddleware
from media.factories import tiny_package
from media.services import h5p_package_import

H5P_FILE = "/h5p/libraries/Sala.TinyChoice-1.0/tiny-choice.js"
STALE_COOKIES = {
    "a stale session": {"sessionid": "bogus"},
    "a malformed CSRF token": {"csrftoken": "bogus"},
    "both": {"sessionid": "bogus", "csrftoken": "bogus"},
}


@pytest.fixture
def package(db):
    return h5p_package_import(fileobj=io.BytesIO(tiny_package()), size=len(tiny_package()))


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


@pytest.mark.parametrize("cookies", STALE_COOKIES.values(), ids=STALE_COOKIES.keys())
def test_public_h5p_file_never_sets_a_cookie(client, package, cookies):
    """An H5P file stays cacheable for everyone and sets, refreshes or deletes no cookie."""
    response = client.get(H5P_FILE, HTTP_COOKIE=cookie_header(cookies))
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert not response.cookies, response.cookies.output()


def test_public_h5p_file_sets_no_cookie_for_a_signed_in_learner(client, package):
    """A signed-in learner's session and CSRF cookies never end up in the shared file's response."""
    client.force_login(PersonFactory(factory=FactoryFactory()))
    response = client.get(H5P_FILE)
    assert response.status_code == 200 and not response.cookies, response.cookies.output()
    client.cookies["csrftoken"] = "bogus"  # Django would answer with a fresh token
    response = client.get(H5P_FILE)
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert not response.cookies, response.cookies.output()


def test_public_picture_never_sets_a_cookie(client, db):
    """A picture under /uploads/ is public and carries no cookie, even for a stale session."""
    image = ImageFactory()
    response = client.get(f"/uploads/{image.file.name}", HTTP_COOKIE=cookie_header(STALE_COOKIES["both"]))
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert not response.cookies, response.cookies.output()


def test_normal_page_still_sets_its_cookies_and_is_kept_private(client, db):
    """The sign-in page still hands out its CSRF cookie, and no shared cache may keep it."""
    response = client.get("/accounts/login/")
    assert "csrftoken" in response.cookies
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_stale_session_is_still_cleared_on_a_normal_page(client, db):
    """A page answers a stale session cookie by deleting it, privately."""
    response = client.get("/", HTTP_COOKIE=cookie_header(STALE_COOKIES["a stale session"]))
    assert response.cookies["sessionid"]["max-age"] == 0
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("cache_control", ["public, max-age=60", "s-maxage=60", "max-age=60, PUBLIC"])
def test_a_view_marked_shareable_loses_its_cookies(cache_control):
    """Whatever a view sets, a response shared caches may store goes out without cookies."""

    def view(request):
        response = HttpResponse("same for everyone", headers={"Cache-Control": cache_control})
        response.set_cookie("sessionid", "someone's")
        return response

    response = NoCookiesInSharedCacheMiddleware(view)(RequestFactory().get("/"))
    assert not response.cookies and response["Cache-Control"] == cache_control


def test_a_response_with_a_cookie_is_made_private():
    """A response that sets a cookie and says nothing about caching is kept out of shared caches."""

    def view(request):
        response = HttpResponse("for one visitor", headers={"Cache-Control": "max-age=60"})
        response.set_cookie("django_language", "km")
        return response

    response = NoCookiesInSharedCacheMiddleware(view)(RequestFactory().get("/"))
    assert "django_language" in response.cookies
    assert response["Cache-Control"] == "max-age=60, private"
