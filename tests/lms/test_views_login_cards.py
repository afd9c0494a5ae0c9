"""The login card carries two QR codes: the activation one, and a person QR that signs nobody in."""

import re

import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client

from lms.accounts.cards import qr_svg
from lms.accounts.models import ActivationCode
from lms.accounts.person_codes import person_from_qr, person_qr_text
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory

PHONE = "+85512345678"


@pytest.fixture
def worker(db):
    return PersonFactory(phone=PHONE, pin="", factory=FactoryFactory(code="PP-001"), worker_id="W00001")


@pytest.fixture
def card_page(client, worker):
    client.force_login(PersonFactory(factory=worker.factory, roles=[Role.FACTORY_HR], worker_id="HR1"))
    response = client.post("/accounts/login-cards/", {"person": [worker.pk]}, follow=True)
    assert response.status_code == 200
    client.logout()
    return response.content.decode()


def test_card_prints_the_person_qr_labelled_for_attendance(card_page, worker):
    """The card shows the worker's person QR under “Attendance: show this at training”, beside the sign-in QR."""
    assert qr_svg(person_qr_text(worker)) in card_page
    assert "Attendance: show this at training" in card_page
    assert card_page.count("<svg") == 2


def test_person_qr_holds_no_activation_code_and_signs_nobody_in(client, card_page, worker):
    """The person QR's text holds neither the one-time code nor the activation address, and does not activate."""
    found = re.search(r'class="code">([A-Z0-9]{4})-([A-Z0-9]{4})<', card_page)
    code = found[1] + found[2]
    text = person_qr_text(worker)
    assert code not in text and f"{found[1]}-{found[2]}" not in text
    assert "activate" not in text.lower() and "code=" not in text and "/" not in text
    assert qr_svg(text) != qr_svg(f"http://testserver/accounts/activate/#code={code}")
    # Typed where the activation code goes, the person code is refused and the code stays unused.
    response = client.post(
        "/accounts/activate/",
        {"phone": PHONE, "code": text.removeprefix("SALA-P:")[:8], "new_pin": "4826", "new_pin_again": "4826"},
    )
    worker.refresh_from_db()
    assert response.status_code == 200 and not worker.pin and client.session.get("_auth_user_id") is None
    assert ActivationCode.objects.get().used_at is None
    # The activation code still works, and afterwards the person QR still names the worker only.
    client.post("/accounts/activate/", {"phone": PHONE, "code": code, "new_pin": "4826", "new_pin_again": "4826"})
    worker.refresh_from_db()
    assert check_password("4826", worker.pin)
    assert person_from_qr(text) == worker


def _code(html: str) -> str:
    found = re.search(r'class="code">([A-Z0-9]{4}-[A-Z0-9]{4})<', html)
    return found[1] if found else ""


@pytest.fixture
def hr(worker):
    return PersonFactory(factory=worker.factory, roles=[Role.FACTORY_HR], worker_id="HR1")


def test_reloading_the_cards_shows_the_same_codes_and_issues_nothing(client, worker, hr):
    """HR issues cards, then reloads the page: the same code is shown, and the printed card still works."""
    client.force_login(hr)
    response = client.post("/accounts/login-cards/", {"person": [worker.pk]})
    assert response.status_code == 302
    batch_url = response["Location"]
    first, again = client.get(batch_url), client.get(batch_url)
    assert first.status_code == again.status_code == 200 and "no-store" in again["Cache-Control"]
    code = _code(first.content.decode())
    assert code and _code(again.content.decode()) == code
    assert ActivationCode.objects.count() == 1 and ActivationCode.objects.get().voided_at is None
    assert code not in batch_url and code.replace("-", "") not in batch_url


def test_a_batch_opens_only_for_the_browser_that_issued_it(client, worker, hr):
    """Another HR person, or a signed-out visitor, opening the batch's address sees no codes."""
    client.force_login(hr)
    batch_url = client.post("/accounts/login-cards/", {"person": [worker.pk]})["Location"]
    colleague = Client()
    colleague.force_login(PersonFactory(factory=worker.factory, roles=[Role.FACTORY_HR], worker_id="HR2"))
    assert colleague.get(batch_url).status_code == 404
    assert Client().get(batch_url).status_code == 302
    assert client.get("/accounts/login-cards/0123456789abcdef/").status_code == 404


def test_card_prints_the_site_address_for_phones_without_a_scanner(card_page):
    """Beside the QR codes, the card prints the site's address to type into a browser."""
    assert '<dd class="site-address">testserver</dd>' in card_page
