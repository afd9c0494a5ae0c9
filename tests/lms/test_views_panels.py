"""Screens show the panels lower apps register: training and sign-in on the person page, the
learner's courses on My learning and the start page, and any panel a new app adds."""

import datetime

import pytest
from django.utils import timezone
from wagtail import hooks

from courses import services
from lms.accounts import services as account_services
from lms.accounts.selectors import sign_in_state
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory
from lms.people.panels import PERSON_PAGE_PANELS, Panel


@pytest.fixture
def hr_and_worker(db):
    factory = FactoryFactory(code="PP-001")
    worker = PersonFactory(factory=factory, worker_id="A1", first_name="Sophea")
    return PersonFactory(factory=factory, worker_id="HR", roles=[Role.FACTORY_HR]), worker


def test_person_page_shows_the_courses_the_person_takes(client, hr_and_worker, catalogue):
    """HR sees on a worker's page the courses they are enrolled in."""
    hr, worker = hr_and_worker
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=hr)
    client.force_login(hr)
    page = client.get(f"/people/{worker.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Training" in page and catalogue["course"].title in page


def test_person_page_shows_sign_in_with_its_buttons(client, hr_and_worker):
    """The sign-in panel offers HR a login card, with a working form token."""
    hr, worker = hr_and_worker
    client.force_login(hr)
    page = client.get(f"/people/{worker.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Print a login card" in page and "csrfmiddlewaretoken" in page


def test_a_new_app_adds_a_panel_to_the_person_page(client, hr_and_worker):
    """A panel registered by another app appears, in its order, without the people app knowing it."""
    hr, worker = hr_and_worker

    class CertificatesPanel(Panel):
        order = 5  # before sign-in

        def render_html(self, parent_context=None):
            return f"<p>Certificates of {self.context['person'].worker_id}</p>"

    def add(request, panels, person):
        panels.append(CertificatesPanel(person=person))

    client.force_login(hr)
    with hooks.register_temporarily(PERSON_PAGE_PANELS, add):
        page = client.get(f"/people/{worker.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Certificates of A1" in page
    assert page.index("Certificates of A1") < page.index("Sign-in")


def test_my_learning_lists_courses_in_progress(client, catalogue):
    """A learner's My learning page lists the course they are taking."""
    learner = PersonFactory()
    services.enrolment_create(person=learner, course=catalogue["course"], enrolled_by=learner)
    client.force_login(learner)
    page = client.get("/learning/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "In progress" in page and catalogue["course"].title in page


def test_start_page_offers_to_continue_a_course(client, catalogue):
    """The start page of a learner with a course in progress shows it with its next lesson."""
    learner = PersonFactory()
    services.enrolment_create(person=learner, course=catalogue["course"], enrolled_by=learner)
    client.force_login(learner)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Continue learning" in page and catalogue["course"].title in page


def test_sign_in_state_says_locked_and_card_waiting(hr_and_worker):
    """HR sees that a worker is locked out and that a login card is waiting to be used."""
    hr, worker = hr_and_worker
    account_services.activation_code_issue(person=worker, issued_by=hr)
    worker.locked_until = timezone.now() + datetime.timedelta(minutes=10)
    worker.save()
    state = sign_in_state(worker, viewer=hr)
    assert state.is_locked and state.locked_until == worker.locked_until
    assert state.open_code_issued_at is not None and state.can_manage and not state.has_pin


def test_sign_in_state_forgets_an_old_lock(hr_and_worker):
    """A lock whose time has passed is shown as no lock at all."""
    hr, worker = hr_and_worker
    worker.locked_until = timezone.now() - datetime.timedelta(minutes=1)
    worker.save()
    state = sign_in_state(worker, viewer=hr)
    assert not state.is_locked and state.locked_until is None and state.open_code_issued_at is None
