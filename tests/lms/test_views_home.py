"""Every role finds what it may open from the start page and the header's menu, and nothing else."""

import re

import pytest

from courses.factories import ToolkitPageFactory, translations_sync
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory


@pytest.fixture
def people(db, catalogue):
    ToolkitPageFactory(title="Collective bargaining toolkit", slug="cba")
    translations_sync()
    factory = FactoryFactory(code="PP-001")
    return {
        "worker": PersonFactory(factory=factory),
        "union": PersonFactory(factory=factory, roles=[Role.UNION_CONTACT]),
        "hr": PersonFactory(factory=factory, roles=[Role.FACTORY_HR]),
        "trainer": StaffFactory(roles=[Role.TRAINER]),
        "staff": StaffFactory(roles=[Role.PROGRAMME_STAFF], is_staff=True),
    }


def _home_cards(html: str) -> set[str]:
    return set(re.findall(r'data-link="([a-z_]+)"', html))


def _menu_hrefs(html: str) -> list[str]:
    menu = html.split('<details class="site-menu">', 1)[1].split("</details>", 1)[0]
    return re.findall(r'href="([^"]+)"', menu)


WORKER_LINKS = {"courses", "my_learning", "training", "messages"}
STAFF_LINKS = {"toolkits", "people", "records", "certificates", "training_days", "broadcast", "admin"}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("worker", WORKER_LINKS),
        ("union", WORKER_LINKS | {"toolkits"}),
        ("hr", WORKER_LINKS | {"people", "records", "certificates", "training_days", "broadcast"}),
        ("trainer", WORKER_LINKS | STAFF_LINKS),
        ("staff", WORKER_LINKS | STAFF_LINKS),
    ],
)
def test_start_page_shows_each_role_the_screens_it_may_open(client, people, who, expected):
    """A union member sees Toolkits on the start page; a worker does not see HR's screens."""
    client.force_login(people[who])
    assert _home_cards(client.get("/").content.decode()) == expected


@pytest.mark.parametrize(("who", "first"), [("union", "toolkits"), ("hr", "people"), ("worker", "courses")])
def test_start_page_and_menu_lead_with_the_screens_of_the_role(client, people, who, first):
    """HR's People and a union member's Toolkits come first, above the learning panels, in the cards and
    the menu; a worker, who has no screens of a role, reads the learning panels first."""
    client.force_login(people[who])
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    body = html.split("<main", 1)[1]
    assert re.findall(r'data-link="([a-z_]+)"', body)[0] == first
    assert _menu_hrefs(html)[0] == re.search(rf'href="([^"]+)" data-link="{first}"', body).group(1)
    first_panel = body.find('class="card')  # the panels are cards: courses to continue, sessions, notices
    assert first_panel > 0, "every role has at least one panel on the start page"
    assert (body.index('class="nav-cards"') < first_panel) is (who != "worker")


def test_union_member_reaches_the_toolkits_from_the_header_on_every_page(client, people):
    """From the header's menu a union member opens the toolkits without typing an address."""
    client.force_login(people["union"])
    html = client.get("/learning/").content.decode()
    hrefs = _menu_hrefs(html)
    assert "/toolkits/" in hrefs
    assert client.get("/toolkits/").status_code == 200


def test_every_link_of_the_menu_opens(client, people):
    """No link of the menu leads to a refusal: each one opens for the role that sees it."""
    for who in ("worker", "union", "hr", "trainer"):
        client.force_login(people[who])
        for href in _menu_hrefs(client.get("/").content.decode()):
            assert client.get(href, follow=True).status_code == 200, (who, href)


def test_worker_menu_has_no_hr_screens(client, people):
    """A worker's menu offers no people list, training records or register they could not open."""
    client.force_login(people["worker"])
    hrefs = _menu_hrefs(client.get("/").content.decode())
    assert "/people/" not in hrefs and "/learning/factory/" not in hrefs and "/certificates/register/" not in hrefs
    assert "/learning/" in hrefs


def test_signed_out_header_offers_sign_in(client, people):
    """Someone not signed in sees the courses and a sign-in link, and no menu of screens."""
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in html
    assert "site-menu" not in html
