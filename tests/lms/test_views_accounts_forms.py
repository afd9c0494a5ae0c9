"""Sign-in says the lockout rule before the first try; a refused form shows its errors at its top."""

import re

import pytest

from lms.people.factories import FactoryFactory, PersonFactory

LOGIN = "/accounts/login/"
ACTIVATE = "/accounts/activate/"


@pytest.fixture
def worker(db):
    return PersonFactory(phone="+85512345678", pin="2580", factory=FactoryFactory(code="PP-001"), worker_id="W00001")


def notice(response) -> str:
    match = re.search(r'<p class="help" id="pin-lockout">(.*?)</p>', response.content.decode(), re.S)
    return match[1] if match else ""


def test_sign_in_page_says_how_many_wrong_pins_lock_and_for_how_long(client, db, settings):
    """Before any try, the page says the real numbers: 5 wrong PINs lock the account for 15 minutes."""
    assert "5 wrong PINs" in notice(client.get(LOGIN)) and "15 minutes" in notice(client.get(LOGIN))
    settings.SALA_PIN_MAX_ATTEMPTS, settings.SALA_PIN_LOCKOUT_MINUTES = 7, 30
    assert "7 wrong PINs" in notice(client.get(LOGIN)) and "30 minutes" in notice(client.get(LOGIN))


def test_lockout_notice_is_the_same_for_a_real_account_and_an_unknown_number(client, worker):
    """A wrong PIN for an account and for a number nobody has give the same notice: nothing tells them apart."""
    real = client.post(LOGIN, {"tab": "pin", "phone": "012 345 678", "pin": "1357"})
    unknown = client.post(LOGIN, {"tab": "pin", "phone": "012 999 888", "pin": "1357"})
    assert notice(real) and notice(real) == notice(unknown) == notice(client.get(LOGIN))


def test_activation_errors_are_summarised_at_the_top_of_the_form(client, worker):
    """A refused activation opens on a focused summary above the first field, each error linking to its field."""
    html = client.post(ACTIVATE, {"phone": "012 345 678"}).content.decode()
    summary = html.index('class="error-summary"')
    assert summary < html.index('id="id_phone"')
    opening = html[summary - 5 : html.index(">", summary)]
    assert "autofocus" in opening and 'tabindex="-1"' in opening
    assert 'role="alert"' in html[summary : html.index('id="id_phone"')]
    assert 'href="#id_code"' in html and 'href="#id_new_pin"' in html


def test_a_form_without_errors_shows_no_summary(client, db):
    """Opening the activation page fresh shows no error box."""
    assert "error-summary" not in client.get(ACTIVATE).content.decode()
