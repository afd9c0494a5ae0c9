"""Certificates in the admin: found by code or holder, filtered, read with their audit trail, revoked with a reason."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from certification.choices import CertificateAction
from certification.factories import CertificateFactory, completion_make
from certification.models import CertificateEvent
from lms.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/certificates/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def listed(client, **query) -> str:
    response = client.get(LIST, query, **EN)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    start = html.find('<table class="listing')
    return html[start : html.index("</table>", start)] if start >= 0 else ""


def certificate_of(person, course, *, days_ago=10, **fields):
    completed_at = timezone.now() - datetime.timedelta(days=days_ago)
    return CertificateFactory(
        completion=completion_make(person=person, course=course, completed_at=completed_at), **fields
    )


@pytest.fixture
def three(worker_a, worker_b, fire_course):
    """A valid, an expired and a revoked certificate."""
    today = timezone.localdate()
    valid = certificate_of(worker_a, fire_course)
    expired = certificate_of(worker_b, fire_course, days_ago=800)
    other = PersonFactory(first_name="Dara", last_name="Keo", factory=worker_b.factory)
    revoked = certificate_of(
        other, fire_course, revoked_at=timezone.now(), revoked_reason="Signed in for someone else."
    )
    assert expired.expires_on < today
    return valid, expired, revoked


def test_programme_staff_find_a_certificate_by_its_code_typed_any_way(client, programme_staff, three):
    """Typing the code in lower case without its dash finds that one certificate."""
    valid, expired, _revoked = three
    client.force_login(programme_staff)
    html = listed(client, q=valid.code.lower())
    assert valid.code_display in html and expired.code_display not in html


def test_a_certificate_is_found_by_its_holders_name(client, programme_staff, three):
    """Searching "dara keo" lists Keo Dara's certificate only."""
    client.force_login(programme_staff)
    _valid, expired, revoked = three
    html = listed(client, q="dara keo")
    assert revoked.code_display in html and expired.code_display not in html


def test_a_name_is_found_whatever_its_case(client, programme_staff, three):
    """Typing "KEO Dara" in capitals finds Keo Dara's certificate as lower case does."""
    client.force_login(programme_staff)
    _valid, expired, revoked = three
    html = listed(client, q="KEO Dara")
    assert revoked.code_display in html and expired.code_display not in html


@pytest.mark.parametrize("state, index", [("valid", 0), ("expired", 1), ("revoked", 2)])
def test_the_state_filter_lists_certificates_in_that_state(client, programme_staff, three, state, index):
    """Filtering by valid, expired or revoked lists exactly the certificates in that state today."""
    client.force_login(programme_staff)
    html = listed(client, state=state)
    for number, certificate in enumerate(three):
        assert (certificate.code_display in html) == (number == index)


def test_the_factory_filter_takes_the_factory_code(client, programme_staff, three, factory_a):
    """Filtering by pp-001 lists the certificates issued in that factory."""
    client.force_login(programme_staff)
    html = listed(client, factory="pp-001")
    valid, expired, revoked = three
    assert valid.code_display in html
    assert expired.code_display not in html and revoked.code_display not in html


def test_the_list_reads_a_page_in_a_fixed_number_of_queries(
    client, programme_staff, fire_course, django_assert_max_num_queries
):
    """Sixty certificates cost the list no more queries than three: holders and courses are joined."""
    client.force_login(programme_staff)
    for _ in range(3):
        certificate_of(PersonFactory(), fire_course)
    listed(client)
    with django_assert_max_num_queries(20) as few:
        listed(client)
    for _ in range(57):
        certificate_of(PersonFactory(), fire_course)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = listed(client)
    assert html.count("<tr") == 51  # a page of 50 and the heading


def test_the_audit_trail_says_who_did_what_when_and_why(client, programme_staff, three):
    """A certificate's page lists its issue and its revocation with who revoked it and why."""
    _valid, _expired, revoked = three
    CertificateEvent.objects.create(certificate=revoked, action=CertificateAction.ISSUED)
    CertificateEvent.objects.create(
        certificate=revoked,
        action=CertificateAction.REVOKED,
        actor=programme_staff,
        reason="Signed in for someone else.",
    )
    client.force_login(programme_staff)
    html = client.get(f"{LIST}inspect/{revoked.pk}/", **EN).content.decode()
    assert "What happened to it" in html
    assert "Sala, when the course was completed" in html
    assert str(programme_staff) in html and html.count("Signed in for someone else.") >= 2


def test_programme_staff_revoke_with_a_reason(client, programme_staff, three):
    """Revoking asks why; the certificate is then revoked with the reason, in its audit trail."""
    valid, _expired, _revoked = three
    client.force_login(programme_staff)
    page = client.get(f"{LIST}inspect/{valid.pk}/", **EN).content.decode()
    assert f"/admin/certificates/revoke/{valid.pk}/" in page
    response = client.post(f"{LIST}revoke/{valid.pk}/", {"reason": "Course not attended."}, **EN)
    assert response.status_code == 302
    valid.refresh_from_db()
    assert valid.revoked_at is not None and valid.revoked_by == programme_staff
    assert valid.events.filter(action=CertificateAction.REVOKED, reason="Course not attended.").exists()


def test_revoking_without_a_reason_is_refused(client, programme_staff, three):
    """An empty reason shows an error on the form and revokes nothing."""
    valid, _expired, _revoked = three
    client.force_login(programme_staff)
    response = client.post(f"{LIST}revoke/{valid.pk}/", {"reason": "   "}, **EN)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() or "error" in response.content.decode()
    valid.refresh_from_db()
    assert valid.revoked_at is None


def test_revoking_twice_says_it_is_revoked_already(client, programme_staff, three):
    """Revoking a revoked certificate says so in plain words."""
    _valid, _expired, revoked = three
    client.force_login(programme_staff)
    response = client.post(f"{LIST}revoke/{revoked.pk}/", {"reason": "Again"}, **EN)
    assert "has been revoked already" in response.content.decode()


def test_trainers_read_certificates_but_do_not_revoke(client, trainer, three):
    """A trainer sees the list and a certificate's page without a Revoke button; revoking is refused."""
    valid, _expired, _revoked = three
    client.force_login(trainer)
    assert valid.code_display in listed(client)
    page = client.get(f"{LIST}inspect/{valid.pk}/", **EN).content.decode()
    assert "/revoke/" not in page
    response = client.post(f"{LIST}revoke/{valid.pk}/", {"reason": "No"}, **EN)
    assert response.status_code in (302, 403)
    valid.refresh_from_db()
    assert valid.revoked_at is None


def test_nobody_adds_or_edits_certificates_in_the_admin(client, admin_user, three):
    """Even a superuser has no add or edit screen: certificates come from completions."""
    valid, _expired, _revoked = three
    client.force_login(admin_user)
    assert client.get(f"{LIST}new/", **EN).status_code in (302, 403)
    assert client.get(f"{LIST}edit/{valid.pk}/", **EN).status_code in (302, 403)
    assert f"{LIST}new/" not in client.get(LIST, **EN).content.decode()


def test_the_list_writes_issue_and_expiry_as_dates(client, programme_staff, three):
    """Staff read "Dec. 4, 2028" for an expiry two years ahead, not "just now" or "5 hours ago"."""
    valid, _expired, _revoked = three
    client.force_login(programme_staff)
    html = listed(client, q=valid.code)
    with translation.override("en"):
        assert date_format(valid.expires_on, "DATE_FORMAT") in html
        assert date_format(valid.issued_on, "DATE_FORMAT") in html
    assert "ago" not in html and "Just now" not in html


def test_certificates_expiring_soon_are_listed_soonest_first(client, programme_staff, worker_a, worker_b, fire_course):
    """Filtered by "expiring", the certificate that expires first heads the list (unless a column is chosen)."""
    today = timezone.localdate()
    later = certificate_of(worker_a, fire_course, days_ago=10, expires_on=today + datetime.timedelta(days=40))
    sooner = certificate_of(worker_b, fire_course, days_ago=100, expires_on=today + datetime.timedelta(days=5))
    client.force_login(programme_staff)
    html = listed(client, state="expiring")
    assert html.index(sooner.code_display) < html.index(later.code_display)
    html = listed(client, state="expiring", ordering="-issued_on")
    assert html.index(later.code_display) < html.index(sooner.code_display)
    html = listed(client)
    assert html.index(later.code_display) < html.index(sooner.code_display)
