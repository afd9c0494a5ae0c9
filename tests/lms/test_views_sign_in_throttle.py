"""On the sign-in page: workers sharing a Wi-Fi address who mistype once still get in, and an
address that is refused is told that it is the network, not the account."""

import re

import pytest
from django.test import Client

from lms.people.factories import FactoryFactory, PersonFactory

LOGIN = "/accounts/login/"


def phone(n: int) -> str:
    return f"+8551{n:07d}"


@pytest.fixture
def workers(db):
    factory = FactoryFactory(code="PP-001")
    return [PersonFactory(factory=factory, phone=phone(n), pin="2580", preferred_language="en") for n in range(3)]


def phone_browser() -> Client:
    """A worker's own phone: it opens the sign-in page first, which gives it its CSRF cookie."""
    browser = Client(REMOTE_ADDR="203.0.113.7")
    browser.get(LOGIN)
    return browser


def sign_in(browser: Client, n: int, pin: str):
    return browser.post(LOGIN, {"tab": "pin", "phone": phone(n), "pin": pin}, HTTP_ACCEPT_LANGUAGE="en")


def alert_text(response) -> str:
    match = re.search(r'<div class="message error" role="alert">(.*?)</div>', response.content.decode(), re.S)
    return match[1] if match else ""


def test_workers_on_one_wifi_who_mistype_once_still_get_in(workers, settings):
    """Each worker's typo followed by the right PIN on the same phone does not count against the Wi-Fi."""
    settings.SALA_ADDRESS_MAX_FAILURES = 2
    settings.SALA_ADDRESS_CREDIT_PER_PERSON = 0
    for n in range(3):
        browser = phone_browser()
        assert "not right" in alert_text(sign_in(browser, n, "2589"))
        assert sign_in(browser, n, "2580").status_code == 302
        assert browser.session.get("_auth_user_id") == str(workers[n].pk)


def test_a_refused_network_is_told_it_is_the_network(workers, settings):
    """When the address is refused, the page says so, even for the right PIN, and that the account is not locked."""
    settings.SALA_ADDRESS_MAX_FAILURES = 2
    attacker = phone_browser()
    sign_in(attacker, 0, "1357")
    sign_in(attacker, 1, "1357")
    response = sign_in(phone_browser(), 2, "2580")
    text = alert_text(response)
    assert "Too many wrong tries from this network" in text and "Your own account is not locked" in text
    assert response.wsgi_request.session.get("_auth_user_id") is None
