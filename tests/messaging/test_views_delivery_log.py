"""The delivery log: programme staff follow every delivery, filter it, see why one failed and send it
again; it reads a page at a time without counting, and says when the month's SMS budget is spent."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.messaging.budget import budget_month
from lms.messaging.choices import Channel, DeliveryStatus
from lms.messaging.models import Delivery, Message, SmsMonth
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def log(db):
    """Deliveries of two factories: a sent welcome SMS, a failed reminder SMS, a held broadcast by Telegram."""
    own, other = FactoryFactory(code="PP-001"), FactoryFactory(code="KD-002")
    sokha = PersonFactory(factory=own, phone="+85512000001", first_name="Sokha")
    dara = PersonFactory(factory=other, phone="+85512000002", first_name="Dara")
    rows = {
        "sent": delivery(sokha, "welcome", Channel.SMS, DeliveryStatus.SENT, minutes=30),
        "failed": delivery(
            dara, "session_reminder", Channel.SMS, DeliveryStatus.FAILED, minutes=20, error="SMS gateway answered 400"
        ),
        "held": delivery(
            sokha,
            "broadcast",
            Channel.TELEGRAM,
            DeliveryStatus.HELD,
            minutes=10,
            not_before=timezone.now() + datetime.timedelta(hours=8),
        ),
    }
    return {"own": own, "other": other, "sokha": sokha, "dara": dara, **rows}


def delivery(person, kind, channel, status, *, minutes=0, **fields):
    at = timezone.now() - datetime.timedelta(minutes=minutes)
    message = Message.objects.create(
        person=person,
        kind=kind,
        key=f"{kind}-{person.pk}-{at.timestamp()}",
        language="en",
        text=f"{kind} text",
        created_at=at,
    )
    address = person.phone if channel == Channel.SMS else "4242"
    return Delivery.objects.create(
        message=message, channel=channel, status=status, address=address, created_at=at, attempts=1, **fields
    )


@pytest.fixture
def programme(db):
    return StaffFactory(roles=[Role.PROGRAMME_STAFF])


def rows_of(page: str) -> list[str]:
    body = page.split('<ul class="inbox delivery-log">', 1)[1].split("</ul>", 1)[0]
    return [row for row in body.split("<li")[1:] if "No deliveries match" not in row]


def kind_of(row: str) -> str:
    return row.split('class="log-kind">', 1)[1].split("<", 1)[0]


def kinds_listed(client, params=None) -> list[str]:
    page = client.get("/messages/log/", params or {}, **EN).content.decode()
    return [kind_of(row) for row in rows_of(page)]


def test_programme_staff_see_deliveries_newest_first_with_errors(client, log, programme):
    """The held broadcast comes first (with until when), the failed reminder shows its error and a
    Send again button, the sent welcome has none."""
    client.force_login(programme)
    page = client.get("/messages/log/", **EN).content.decode()
    rows = rows_of(page)
    assert [kind_of(row) for row in rows] == ["broadcast", "session_reminder", "welcome"]
    assert "Held until morning" in rows[0] and "until " in rows[0]
    assert "SMS gateway answered 400" in rows[1] and "Send again" in rows[1]
    assert "Send again" not in rows[0] + rows[2]


@pytest.mark.parametrize(
    ("params", "kinds"),
    [
        ({"kind": "welcome"}, ["welcome"]),
        ({"channel": "telegram"}, ["broadcast"]),
        ({"status": "failed"}, ["session_reminder"]),
        ({"status": "held"}, ["broadcast"]),
        ({"factory": "pp-001"}, ["broadcast", "welcome"]),
        ({"factory": "KD-002", "channel": "sms"}, ["session_reminder"]),
        ({"factory": "KD-002", "status": "sent"}, []),
    ],
)
def test_log_filters(client, log, programme, params, kinds):
    """Each filter, and filters together, list exactly the deliveries that match."""
    client.force_login(programme)
    assert kinds_listed(client, params) == kinds


def test_unknown_factory_code_is_said_plainly(client, log, programme):
    """A factory code that does not exist is named in the error, and nothing is listed."""
    client.force_login(programme)
    page = client.get("/messages/log/", {"factory": "ZZ-999"}, **EN).content.decode()
    assert "No factory has the code ZZ-999." in page and "delivery-log" not in page


def test_log_pages_go_back_and_forth_without_counting(client, log, programme):
    """120 deliveries: 50, 50 and 23 a page, older and newer by links, and no page counts them all."""
    for minute in range(120):
        delivery(log["sokha"], "broadcast", Channel.SMS, DeliveryStatus.SENT, minutes=100 + minute)
    client.force_login(programme)
    with CaptureQueriesContext(connection) as captured:
        first = client.get("/messages/log/", **EN).content.decode()
    assert not [
        q for q in captured.captured_queries if "COUNT(" in q["sql"].upper() and "messaging_delivery" in q["sql"]
    ]
    assert len(rows_of(first)) == 50 and "Newer" not in first
    older = first.split('href="?before=', 1)[1].split('"', 1)[0]
    second = client.get("/messages/log/", {"before": older}, **EN).content.decode()
    assert len(rows_of(second)) == 50 and 'href="?after=' in second
    third = client.get("/messages/log/", {"before": second.split('href="?before=', 1)[1].split('"', 1)[0]}, **EN)
    third = third.content.decode()
    assert len(rows_of(third)) == 23 and 'href="?before=' not in third
    newer = second.split('href="?after=', 1)[1].split('"', 1)[0]
    back = client.get("/messages/log/", {"after": newer}, **EN).content.decode()
    assert rows_of(back) == rows_of(first)


def test_budget_reached_is_said(client, log, programme, settings):
    """When this month's SMS parts reach the budget, the log says SMS has stopped until next month."""
    settings.SALA_SMS_MONTHLY_PARTS = 10
    client.force_login(programme)
    assert "SMS this month: 0 of 10 parts." in client.get("/messages/log/", **EN).content.decode()
    SmsMonth.objects.create(month=budget_month(timezone.now()), parts=10)
    page = client.get("/messages/log/", **EN).content.decode()
    assert "SMS budget is reached (10 of 10 SMS parts)" in page


def test_programme_staff_send_a_failed_delivery_again(
    client, log, programme, sms_outbox, django_capture_on_commit_callbacks
):
    """Send again queues the failed SMS, which then goes out, and brings staff back to the log as filtered."""
    client.force_login(programme)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/messages/log/{log['failed'].pk}/resend/", {"query": "status=failed&factory=KD-002&evil=1"}, **EN
        )
    assert response.status_code == 302 and response["Location"] == "/messages/log/?status=failed&factory=KD-002"
    log["failed"].refresh_from_db()
    assert log["failed"].status == DeliveryStatus.SENT and [sms.to for sms in sms_outbox] == ["+85512000002"]
    page = client.get(response["Location"], **EN).content.decode()
    assert "queued to be sent again" in page


def test_a_sent_delivery_is_not_sent_again(client, log, programme, sms_outbox):
    """Posting Send again for a sent delivery says why not and sends nothing."""
    client.force_login(programme)
    response = client.post(f"/messages/log/{log['sent'].pk}/resend/", follow=True, **EN)
    assert "already sent" in response.content.decode() and sms_outbox == []


@pytest.mark.parametrize("who", ["trainer", "hr", "worker"])
def test_only_programme_staff_read_the_log_and_resend(client, log, who, sms_outbox):
    """Trainers, HR and workers get 404 for the log and for Send again, which changes nothing."""
    person = {
        "trainer": lambda: StaffFactory(roles=[Role.TRAINER]),
        "hr": lambda: PersonFactory(factory=log["other"], roles=[Role.FACTORY_HR]),
        "worker": lambda: log["dara"],
    }[who]()
    client.force_login(person)
    assert client.get("/messages/log/").status_code == 404
    assert client.post(f"/messages/log/{log['failed'].pk}/resend/").status_code == 404
    log["failed"].refresh_from_db()
    assert log["failed"].status == DeliveryStatus.FAILED and sms_outbox == []
