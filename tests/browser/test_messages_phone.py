"""Messages on a 360 px phone in Khmer: a worker sees the unread count and reads the message; HR
writes an announcement, watches its SMS parts counted while typing (the page's own script, allowed
by the Content-Security-Policy), checks and sends it, and the worker has it."""

import pytest
from django.contrib.auth.hashers import make_password

from lms.messaging.models import Message
from lms.messaging.services import notify
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ANNOUNCEMENT = "ថ្ងៃស្អែកមានវគ្គបណ្តុះបណ្តាលសុវត្ថិភាពអគ្គិភ័យ ម៉ោង ៧:៣០ ព្រឹក នៅសាលប្រជុំ។"


def test_worker_reads_and_hr_announces_on_a_phone(live_server, phone, browser):
    """Unread count, reading, and an announcement counted, checked and sent, all within 360 px."""
    factory = FactoryFactory(code="PP-001")
    worker = PersonFactory(factory=factory, phone="+85512345678", pin="2580")
    notify(person=worker, kind="welcome", key="welcome", context={"name": "Sophea", "url": live_server.url})
    PersonFactory(
        factory=factory, worker_id="HR", roles=[Role.FACTORY_HR], username="hr", password=make_password("sala-demo")
    )

    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_phone", "012 345 678")
    phone.fill("#id_pin", "2580")
    phone.click("button.block")
    assert phone.inner_text(".site-header .badge.count").startswith("1")
    phone.click(".site-header a[href='/messages/']")
    phone.click(".inbox a")
    assert "Sophea" in phone.inner_text(".message-text")
    assert phone.locator(".site-header .badge.count").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    desk = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="km-KH", extra_http_headers={"Accept-Language": "km"}
    ).new_page()
    errors = []
    desk.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    desk.goto(f"{live_server.url}/accounts/login/?with=password")
    desk.fill("#id_username", "hr")
    desk.fill("#id_password", "sala-demo")
    desk.click("button.block")
    desk.goto(f"{live_server.url}/messages/broadcast/")
    desk.fill("#id_text", "សួស្តី")
    assert desk.inner_text("[data-sms-parts]") == "1"
    desk.fill("#id_text", ANNOUNCEMENT)  # with HR's name in front: over 70 characters, so 2 parts
    assert desk.inner_text("[data-sms-parts]") == "2"
    assert desk.evaluate("document.documentElement.scrollWidth") <= 360
    desk.click("button[value=check]")
    assert desk.inner_text("strong.sms-parts") == "2"
    desk.click("button[value=send]")
    assert "/messages/broadcast/" in desk.url
    assert desk.evaluate("document.documentElement.scrollWidth") <= 360
    assert not errors, errors
    assert Message.objects.filter(person=worker, broadcast__isnull=False, text__endswith=ANNOUNCEMENT).exists()
