"""The inbox: an unread count in every page's header, the person's own messages newest first, each
marked read when opened, and nobody else's message ever shown."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.messaging.models import Message
from lms.messaging.services import notify
from lms.people.factories import FactoryFactory, PersonFactory

WELCOME = {"name": "Sokha", "url": "https://sala.example.org/"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def worker(db):
    return PersonFactory(factory=FactoryFactory(code="PP-001"), preferred_language="en")


def messages_for(person, count, *, read=False, start=None, text="Announcement number"):
    """`count` messages, one minute apart, the last the newest."""
    start = start or timezone.now() - datetime.timedelta(days=1)
    return Message.objects.bulk_create(
        Message(
            person=person,
            kind="broadcast",
            key=f"test-{person.pk}-{start.timestamp()}-{n}",
            language="en",
            text=f"{text} {n}",
            created_at=start + datetime.timedelta(minutes=n),
            read_at=timezone.now() if read else None,
        )
        for n in range(count)
    )


def unread_badge(page: str) -> str | None:
    marker = '<span class="badge count">'
    if marker not in page:
        return None
    return page.split(marker, 1)[1].split("<", 1)[0]


def test_header_shows_the_unread_count_on_every_page(client, worker):
    """A worker with two unread messages (and one read) sees 2 beside Messages on each page."""
    notify(person=worker, kind="welcome", key="welcome", context=WELCOME)
    messages_for(worker, 1)
    messages_for(worker, 1, read=True, start=timezone.now() - datetime.timedelta(days=3))
    client.force_login(worker)
    for address in ("/", "/learning/", "/messages/", "/accounts/pin/"):
        response = client.get(address, **EN)
        assert response.status_code == 200, address
        assert unread_badge(response.content.decode()) == "2", address


def test_header_has_no_count_when_everything_is_read(client, worker):
    """Nothing unread: the Messages link stays, with no number beside it."""
    messages_for(worker, 3, read=True)
    client.force_login(worker)
    page = client.get("/", **EN).content.decode()
    assert "/messages/" in page and unread_badge(page) is None


def test_a_visitor_sees_no_messages_link(client, worker):
    """Someone not signed in has no inbox in the header."""
    page = client.get("/", **EN).content.decode()
    assert "/messages/" not in page


def test_header_counts_up_to_99_then_says_99_plus(client, worker):
    """However many messages pile up, the header says 99+ (and counts no further)."""
    messages_for(worker, 120)
    client.force_login(worker)
    assert unread_badge(client.get("/", **EN).content.decode()) == "99+"


def test_unread_count_costs_one_small_query_then_none_for_a_minute(client, worker):
    """The header reads at most 100 index entries once, then no query on the next pages (a lesson
    page keeps to its budget of 10 queries)."""
    messages_for(worker, 3)
    client.force_login(worker)
    with CaptureQueriesContext(connection) as captured:
        client.get("/", **EN)
    header = [q["sql"] for q in captured.captured_queries if "messaging_message" in q["sql"]]
    assert len(header) == 1 and "LIMIT 100" in header[0]  # counts up to 99+, never a whole pile
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/learning/", **EN).content.decode()
    assert not [q for q in captured.captured_queries if "messaging_message" in q["sql"]]
    assert unread_badge(page) == "3"


def test_inbox_and_message_pages_count_afresh(client, worker):
    """A message that arrived since the last page shows in the inbox's header at once; one just
    read leaves the count of the next page at once."""
    client.force_login(worker)
    assert unread_badge(client.get("/", **EN).content.decode()) is None
    message = notify(person=worker, kind="welcome", key="welcome", context=WELCOME)
    assert unread_badge(client.get("/messages/", **EN).content.decode()) == "1"
    client.get(f"/messages/{message.pk}/", **EN)
    assert unread_badge(client.get("/", **EN).content.decode()) is None


def test_inbox_lists_newest_first_with_unread_marked(client, worker):
    """The newest message comes first, and only the unread ones are marked New."""
    messages_for(worker, 2, read=True, start=timezone.now() - datetime.timedelta(days=5), text="Old")
    messages_for(worker, 1, text="Fresh")
    client.force_login(worker)
    page = client.get("/messages/", **EN).content.decode()
    items = page.split('<li class="')[1:]
    assert [item.split('class="inbox-text">', 1)[1].split("<", 1)[0] for item in items] == ["Fresh 0", "Old 1", "Old 0"]
    assert items[0].startswith("unread") and ">New<" in items[0]
    assert all(not item.startswith("unread") and ">New<" not in item for item in items[1:])


def test_inbox_title_is_its_name_and_the_channels_link_is_in_the_page(client, worker):
    """The browser's tab says "Messages", and the link to how messages reach the person is on the page
    (not written into the tab's title, where it showed as code)."""
    client.force_login(worker)
    page = client.get("/messages/", **EN).content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.strip().startswith("Messages") and "<" not in title and "How messages reach me" not in title
    body = page.split("<body", 1)[1]
    assert 'href="/messages/preferences/">How messages reach me</a>' in body


def test_inbox_is_paginated(client, worker):
    """Forty-five messages fill three pages of twenty; the oldest is on the last page."""
    messages_for(worker, 45)
    client.force_login(worker)
    first = client.get("/messages/", **EN).content.decode()
    assert "Announcement number 44" in first and "Announcement number 24<" not in first and "Page 1 of 3" in first
    last = client.get("/messages/", {"page": 3}, **EN).content.decode()
    assert "Announcement number 0<" in last and "Announcement number 44" not in last


def test_opening_a_message_marks_it_read(client, worker):
    """Opening a message shows it, takes it off the unread count and unmarks it in the list."""
    message = notify(person=worker, kind="welcome", key="welcome", context=WELCOME)
    client.force_login(worker)
    page = client.get(f"/messages/{message.pk}/", **EN).content.decode()
    assert "Welcome to Sala, Sokha!" in page
    message.refresh_from_db()
    assert message.read_at is not None
    assert unread_badge(page) is None  # the header of the page that opened it already counts it read
    opened_at = message.read_at
    client.get(f"/messages/{message.pk}/", **EN)
    message.refresh_from_db()
    assert message.read_at == opened_at  # read once: opening it again changes nothing


def test_another_persons_message_is_404_and_stays_unread(client, worker):
    """A worker who types a colleague's message number gets 404; the colleague's stays unread."""
    colleague = PersonFactory(factory=worker.factory)
    theirs = notify(person=colleague, kind="welcome", key="welcome", context=WELCOME)
    client.force_login(worker)
    assert client.get(f"/messages/{theirs.pk}/", **EN).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Welcome to Sala" not in client.get("/messages/", **EN).content.decode()


def test_inbox_needs_signing_in(client, worker):
    """Without signing in, the inbox and a message send the visitor to the sign-in page."""
    message = notify(person=worker, kind="welcome", key="welcome", context=WELCOME)
    for address in ("/messages/", f"/messages/{message.pk}/"):
        response = client.get(address)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    message.refresh_from_db()
    assert message.read_at is None
