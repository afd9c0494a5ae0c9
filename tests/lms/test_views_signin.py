"""The sign-in, activation, PIN-change and login-card pages, as a worker and as HR use them."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password

from lms.accounts.models import ActivationCode
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory

LOGIN = "/accounts/login/"
PHONE = "+85512345678"


@pytest.fixture
def worker(db):
    return PersonFactory(phone=PHONE, pin="2580", factory=FactoryFactory(code="PP-001"), worker_id="W00001")


@pytest.fixture
def hr(worker):
    return PersonFactory(factory=worker.factory, roles=[Role.FACTORY_HR], worker_id="HR1")


def signed_in_pk(client):
    return client.session.get("_auth_user_id")


def test_worker_signs_in_with_phone_written_the_cambodian_way(client, worker):
    """'012 345 678' and the PIN sign the worker in and switch the site to their language."""
    response = client.post(LOGIN, {"tab": "pin", "phone": "012 345 678", "pin": "2580"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_pk(client) == str(worker.pk)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "km"


def test_worker_signs_in_with_factory_code_and_worker_id(client, worker):
    """Factory code and worker ID work as well as a phone number."""
    response = client.post(LOGIN, {"tab": "pin", "factory_code": "PP-001", "worker_id": "W00001", "pin": "2580"})
    assert response.status_code == 302 and signed_in_pk(client) == str(worker.pk)


def test_wrong_pin_shows_a_plain_message(client, worker):
    """A wrong PIN keeps the worker on the page with a message and no session."""
    response = client.post(LOGIN, {"tab": "pin", "phone": "012 345 678", "pin": "1357"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and signed_in_pk(client) is None
    assert "not right" in response.content.decode()


def test_missing_identity_asks_for_phone_or_worker_id(client, db):
    """Only a PIN, no phone and no worker ID: the form says what to type."""
    response = client.post(LOGIN, {"tab": "pin", "pin": "2580"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Type your phone number, or your factory code and your worker ID." in response.content.decode()


def test_locked_worker_reads_the_lock_message_in_the_page_language(client, worker):
    """After five wrong PINs the worker is told, in the language of the page, that the account is locked."""
    for _attempt in range(5):
        response = client.post(LOGIN, {"tab": "pin", "phone": PHONE, "pin": "1357"}, HTTP_ACCEPT_LANGUAGE="km")
    text = response.content.decode()
    assert "15" in text and "ចាក់សោ" in text  # "locked"
    response = client.post(LOGIN, {"tab": "pin", "phone": PHONE, "pin": "2580"}, HTTP_ACCEPT_LANGUAGE="en")
    assert signed_in_pk(client) is None and "locked" in response.content.decode()


def test_staff_sign_in_with_username_or_email(client, db):
    """Staff use the password tab with their username or their email address."""
    staff = StaffFactory(username="trainer", email="trainer@example.org", roles=[Role.TRAINER])
    for login in ("trainer", "TRAINER@example.org"):
        client.logout()
        response = client.post(
            LOGIN, {"tab": "password", "username": login, "password": "correct horse battery staple"}
        )
        assert response.status_code == 302 and signed_in_pk(client) == str(staff.pk), login


def test_hr_prints_login_cards_and_the_worker_activates(client, worker, hr):
    """HR prints a card with a code and QR; the worker uses the code to choose a PIN and is signed in."""
    worker.pin = ""
    worker.save()
    client.force_login(hr)
    response = client.post("/accounts/login-cards/", {"person": [worker.pk]}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "<svg" in page and "W00001" in page and "PP-001" in page
    code = re.search(r'class="code">([A-Z0-9]{4})-([A-Z0-9]{4})<', page)
    assert code
    client.logout()
    response = client.post(
        "/accounts/activate/",
        {"phone": "012345678", "code": f"{code[1]}-{code[2]}".lower(), "new_pin": "4826", "new_pin_again": "4826"},
    )
    assert response.status_code == 302 and signed_in_pk(client) == str(worker.pk)
    worker.refresh_from_db()
    assert check_password("4826", worker.pin)


def test_activation_with_mismatched_pins_changes_nothing(client, worker, hr):
    """Typing two different new PINs gives a message; the code still works afterwards."""
    client.force_login(hr)
    client.post("/accounts/login-cards/", {"person": [worker.pk]}, follow=True)
    client.logout()
    response = client.post(
        "/accounts/activate/",
        {"phone": PHONE, "code": "ABCD2345", "new_pin": "4826", "new_pin_again": "4827"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "not the same" in response.content.decode()
    assert ActivationCode.objects.get().used_at is None and check_password("2580", worker.pin)


def test_hr_of_another_factory_gets_404_for_cards_and_unlock(client, worker):
    """HR of factory B cannot print cards for, or unlock, a worker of factory A; no code is made."""
    other_hr = PersonFactory(factory=FactoryFactory(code="KD-002"), roles=[Role.FACTORY_HR])
    client.force_login(other_hr)
    assert client.post("/accounts/login-cards/", {"person": [worker.pk]}).status_code == 404
    assert client.post(f"/accounts/unlock/{worker.pk}/").status_code == 404
    assert not ActivationCode.objects.exists()


def test_worker_cannot_print_login_cards(client, worker):
    """A worker's session cannot issue codes, not even for themselves."""
    client.force_login(worker)
    assert client.post("/accounts/login-cards/", {"person": [worker.pk]}).status_code == 404


def test_worker_changes_pin(client, worker):
    """A signed-in worker changes the PIN with the current one."""
    client.force_login(worker)
    response = client.post("/accounts/pin/", {"current_pin": "2580", "new_pin": "4826", "new_pin_again": "4826"})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert check_password("4826", worker.pin)


def test_sign_in_pages_fit_a_phone_and_read_in_khmer(client, db):
    """The sign-in and activation pages answer in Khmer for a Khmer browser."""
    for url in (LOGIN, "/accounts/activate/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="km")
        page = response.content.decode()
        assert response.status_code == 200 and 'lang="km"' in page and 'name="viewport"' in page
        assert "លេខទូរស័ព្ទ" in page  # "phone number"
