"""Every way to sign in refuses the same way: unknown or locked accounts look alike, every
password form is throttled and locked like the PIN, and Khmer digits are digits."""

import re

import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client

from lms.accounts import services
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory

LOGIN = "/accounts/login/"
PHONE = "+85512345678"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def worker(db):
    # English speaker: were the lock message in the account's language, it would give it away.
    return PersonFactory(
        phone=PHONE, pin="2580", factory=FactoryFactory(code="PP-001"), worker_id="W00001", preferred_language="en"
    )


@pytest.fixture
def staff(db):
    return StaffFactory(username="trainer", email="trainer@example.org", roles=[Role.TRAINER])


def alert_text(response) -> str:
    """The words of the page's error box, without the CSRF token or the typed values."""
    match = re.search(r'<div class="message error" role="alert">(.*?)</div>', response.content.decode(), re.S)
    return re.sub(r"\d\d:\d\d", "HH:MM", match[1]) if match else ""


def five_wrong_pins(client, phone, language="km"):
    for _attempt in range(5):
        response = client.post(LOGIN, {"tab": "pin", "phone": phone, "pin": "1357"}, HTTP_ACCEPT_LANGUAGE=language)
    return response


def test_unknown_number_locks_exactly_like_a_real_account(client, worker):
    """The fifth wrong PIN says "locked" in the page's language whether or not the number has an account."""
    known = five_wrong_pins(client, "012 345 678")
    unknown = five_wrong_pins(client, "012 999 888")
    assert "ចាក់សោ" in alert_text(known)
    assert alert_text(known) == alert_text(unknown)
    again_known = client.post(LOGIN, {"tab": "pin", "phone": "012 345 678", "pin": "2580"}, HTTP_ACCEPT_LANGUAGE="km")
    again_unknown = client.post(LOGIN, {"tab": "pin", "phone": "012 999 888", "pin": "2580"}, HTTP_ACCEPT_LANGUAGE="km")
    assert alert_text(again_known) == alert_text(again_unknown)
    assert client.session.get("_auth_user_id") is None


def test_each_wrong_try_reads_the_same_for_known_and_unknown_numbers(client, worker):
    """Before the lock, a wrong PIN and an unknown number give the same words."""
    known = client.post(LOGIN, {"tab": "pin", "phone": PHONE, "pin": "1357"}, HTTP_ACCEPT_LANGUAGE="en")
    unknown = client.post(LOGIN, {"tab": "pin", "phone": "+85599999999", "pin": "1357"}, HTTP_ACCEPT_LANGUAGE="en")
    assert alert_text(known) and alert_text(known) == alert_text(unknown)


@pytest.mark.parametrize("url", ["/admin/login/", "/_util/login/", LOGIN])
def test_every_password_form_locks_after_five_wrong_passwords(client, staff, url):
    """Five wrong passwords on any sign-in page lock the account: the right one is then refused too."""
    data = {"username": "trainer", "password": "wrong"}
    if url == LOGIN:
        data["tab"] = "password"
    for _attempt in range(5):
        client.post(url, data)
    response = client.post(url, {**data, "password": PASSWORD})
    assert response.status_code == 200 and client.session.get("_auth_user_id") is None
    staff.refresh_from_db()
    assert staff.locked_until is not None


@pytest.mark.parametrize("url", ["/admin/login/", "/_util/login/"])
def test_admin_and_wagtail_logins_share_the_address_throttle(client, settings, db, url):
    """Guessing passwords across many usernames from one address is cut off on every form."""
    settings.SALA_ADDRESS_MAX_FAILURES = 3
    StaffFactory(username="editor", is_superuser=True)
    for number in range(3):
        client.post(url, {"username": f"nobody{number}", "password": "guess"})
    response = client.post(url, {"username": "editor", "password": PASSWORD})
    assert client.session.get("_auth_user_id") is None
    assert response.status_code == 200


def test_throttled_address_gets_the_message_not_an_error_page(client, settings, staff):
    """While an address is throttled, the staff password form answers with the throttle message."""
    settings.SALA_ADDRESS_MAX_FAILURES = 2
    for _attempt in range(2):
        client.post(LOGIN, {"tab": "password", "username": "nobody", "password": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        LOGIN, {"tab": "password", "username": "trainer", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and "Too many wrong tries from this network" in alert_text(response)
    assert client.session.get("_auth_user_id") is None


def test_admin_login_says_the_account_is_locked(client, staff):
    """The admin's sign-in page tells a locked member of staff why the password is refused."""
    for _attempt in range(5):
        client.post("/admin/login/", {"username": "trainer", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/admin/login/", {"username": "trainer", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert "locked" in response.content.decode()


def test_right_password_clears_the_count(client, staff):
    """Four wrong passwords, then the right one: the count starts again from zero."""
    for _attempt in range(4):
        client.post(LOGIN, {"tab": "password", "username": "trainer", "password": "wrong"})
    response = client.post(LOGIN, {"tab": "password", "username": "trainer", "password": PASSWORD})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.failed_pin_attempts == 0 and staff.locked_until is None


def test_locking_during_pin_change_signs_out(client, worker):
    """Five wrong current PINs while changing it lock the account and end the session."""
    client.force_login(worker)
    for _attempt in range(5):
        response = client.post("/accounts/pin/", {"current_pin": "1357", "new_pin": "4826", "new_pin_again": "4826"})
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.session.get("_auth_user_id") is None
    assert client.get("/learning/").status_code == 302  # signed out: sent to sign in


def test_khmer_digits_sign_in(client, worker):
    """A phone number and PIN typed with Khmer digits (០-៩) sign the worker in."""
    response = client.post(LOGIN, {"tab": "pin", "phone": "០១២ ៣៤៥ ៦៧៨", "pin": "២៥៨០"})
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(worker.pk)


def test_khmer_digits_in_worker_id_and_with_invisible_characters(client, worker):
    """A worker ID typed with Khmer digits or pasted with a zero-width space still matches."""
    response = client.post(LOGIN, {"tab": "pin", "factory_code": "PP-001", "worker_id": "W០០០០១\u200b", "pin": "2580"})
    assert response.status_code == 302


def test_khmer_digits_in_pin_change(client, worker):
    """Changing a PIN typed with Khmer digits stores the same PIN as 0-9 would."""
    client.force_login(worker)
    response = client.post("/accounts/pin/", {"current_pin": "២៥៨០", "new_pin": "៤៨២៦", "new_pin_again": "4826"})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert check_password("4826", worker.pin)


def test_khmer_digits_in_activation_code_and_new_pin(worker):
    """A login-card code and a new PIN typed with Khmer digits activate the account."""
    hr = PersonFactory(factory=worker.factory, roles=[Role.FACTORY_HR])
    code = ""
    while not any(ch.isdigit() for ch in code):  # most codes hold a digit; make sure this one does
        code = services.activation_code_issue(person=worker, issued_by=hr)
    khmer = code.translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))
    client = Client()
    response = client.post(
        "/accounts/activate/", {"phone": "០១២៣៤៥៦៧៨", "code": khmer.lower(), "new_pin": "៤៨២៦", "new_pin_again": "៤៨២៦"}
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert check_password("4826", worker.pin)


@pytest.mark.parametrize("pin", ["²⁵⁸⁰", "2580\u0000", "1e99", "NaN", "9" * 5000, "٢٥٨٠x"])
def test_odd_pins_are_a_wrong_try_not_an_error(client, worker, pin):
    """Superscripts, exponents and very long PINs answer with the form, never a server error."""
    response = client.post(LOGIN, {"tab": "pin", "phone": PHONE, "pin": pin}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and client.session.get("_auth_user_id") is None
