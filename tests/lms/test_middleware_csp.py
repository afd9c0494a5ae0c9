"""Every page carries a Content-Security-Policy under which an injected script would not run."""

import io
import re

import pytest
from django.contrib.auth.hashers import make_password

from courses import services
from courses.factories import LessonPageFactory, translations_sync
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from media.factories import tiny_package
from media.services import h5p_package_import
from media.views import FILE_CSP

UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:")
# Inline code a page of ours would need the policy to allow: a <script> with a body that is not
# JSON data, an on… event attribute, a style attribute, a javascript: address.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>\s*\S", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.I)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.fixture
def people(db):
    factory = FactoryFactory(code="PP-001")
    return {
        "worker": PersonFactory(factory=factory, worker_id="W1"),
        "hr": PersonFactory(factory=factory, roles=[Role.FACTORY_HR]),
        "admin": StaffFactory(is_superuser=True, password=make_password("x")),
    }


@pytest.fixture
def site_pages(catalogue, people):
    """Addresses of every kind of Sala page, each with who looks at it."""
    worker, hr = people["worker"], people["hr"]
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    return [
        ("/", None),
        ("/accounts/login/", None),
        ("/accounts/login/?with=password", None),
        ("/accounts/activate/", None),
        ("/catalogue/", worker),
        ("/catalogue/osh/", worker),
        ("/catalogue/osh/fire-safety/", worker),
        ("/catalogue/osh/fire-safety/exits/", worker),
        ("/catalogue/osh/fire-safety/quiz/", worker),
        ("/learning/", worker),
        ("/people/", hr),
        (f"/people/{worker.pk}/", hr),
        ("/people/roster/import/", hr),
        ("/learning/factory/", hr),
        ("/no-such-page/", None),
    ]


def test_every_site_page_has_the_strict_policy(client, site_pages):
    """Sala's own pages run only its own scripts and styles, and load nothing from elsewhere."""
    for url, person in site_pages:
        if person:
            client.force_login(person)
        response = client.get(url)
        assert response.status_code in (200, 404), url
        directives = policy(response)
        assert directives["default-src"] == ["'self'"], url
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert directives["img-src"] == ["'self'", "data:"], url  # login cards' QR codes may be data: pictures
        assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"], url
        assert directives["form-action"] == ["'self'"] and directives["frame-ancestors"] == ["'self'"], url
        assert directives["frame-src"] == ["'self'"], url  # the H5P player's page
        assert not any(name.startswith(("script-src-", "style-src-")) for name in directives), url
        client.logout()


def test_site_pages_need_no_inline_code(client, site_pages):
    """No page of ours holds inline scripts, event attributes or style attributes the policy would block."""
    for url, person in site_pages:
        if person:
            client.force_login(person)
        html = client.get(url).content.decode()
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, INLINE_STYLE, JAVASCRIPT_URL):
            match = pattern.search(html)
            assert match is None, f"{url}: {html[max(match.start() - 80, 0) : match.end() + 80]}"
        client.logout()


def test_login_cards_and_lesson_with_an_exercise_need_no_inline_code(client, catalogue, people):
    """The printable login cards and a lesson playing an H5P exercise pass the same check."""
    package = h5p_package_import(fileobj=io.BytesIO(tiny_package()), size=len(tiny_package()))
    LessonPageFactory(
        parent=catalogue["course"],
        title="Practise",
        slug="practise",
        body=[
            {
                "type": "h5p",
                "value": {"package": package.pk, "caption": ""},
                "id": "6f1c4b2e-0d4a-4f5e-9a1b-2c3d4e5f6a7b",
            }
        ],
    )
    translations_sync()
    client.force_login(people["hr"])
    cards = client.post("/accounts/login-cards/", {"person": [people["worker"].pk]}, follow=True)
    client.force_login(people["worker"])
    lesson = client.get("/catalogue/osh/fire-safety/practise/")
    for response in (cards, lesson):
        assert response.status_code == 200
        assert policy(response)["script-src"] == ["'self'"]
        html = response.content.decode()
        assert not any(p.search(html) for p in (INLINE_SCRIPT, INLINE_HANDLER, INLINE_STYLE, JAVASCRIPT_URL))
    assert "data-print" in cards.content.decode() and "<svg" in cards.content.decode()


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/admin/images/", "/admin/users/", "/admin/login/"])
def test_admin_pages_keep_a_policy_with_no_inline_event_handlers(client, people, url):
    """The Wagtail admin gets only the few additions it needs: inline <script> elements, never on… attributes."""
    if url != "/admin/login/":
        client.force_login(people["admin"])
    directives = policy(client.get(url))
    assert directives["default-src"] == ["'self'"] and directives["object-src"] == ["'none'"]
    assert not set(directives["script-src"]) & set(UNSAFE)
    assert directives["script-src-attr"] == ["'none'"]
    assert directives["script-src-elem"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in " ".join(sum(directives.values(), []))
    assert directives["frame-ancestors"] == ["'self'"] and directives["form-action"] == ["'self'"]


def test_admin_relaxation_stays_under_admin(client, people):
    """An address that only starts like the admin's gets the strict policy."""
    client.force_login(people["admin"])
    directives = policy(client.get("/administration/"))
    assert "script-src-elem" not in directives and directives["script-src"] == ["'self'"]


def test_views_that_set_their_own_policy_keep_it(client, db):
    """H5P files and the H5P player's page keep their own policies: the site's never replaces them."""
    package = h5p_package_import(fileobj=io.BytesIO(tiny_package()), size=len(tiny_package()))
    response = client.get("/h5p/libraries/Sala.TinyChoice-1.0/tiny-choice.js")
    assert response["Content-Security-Policy"] == FILE_CSP
    player = client.get(f"/h5p/play/{package.folder}/")
    assert player.status_code == 200
    assert policy(player)["default-src"] == ["'none'"] and "frame-src" not in policy(player)
