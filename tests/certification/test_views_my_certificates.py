"""A worker finds their certificates on My learning, newest first, with the picture to download and
the code to check; the start page warns of one that expires soon; HR and staff see a person's
certificates on the person's page, only those they may see."""

import datetime
import re

import pytest
from django.utils import timezone

from certification.factories import CertificateFactory, completion_make
from courses.factories import CoursePageFactory, page_translate, translations_sync

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def certificate_of(person, course, *, days_ago=0, cycle=1, **fields):
    completed = timezone.now() - datetime.timedelta(days=days_ago)
    return CertificateFactory(
        completion=completion_make(person=person, course=course, completed_at=completed, cycle=cycle), **fields
    )


def shown_codes(html: str) -> list[str]:
    """The certificates' codes in the order the page lists them."""
    return list(dict.fromkeys(re.findall(r"/verify/([0-9A-Z]{5}-[0-9A-Z]{5})/", html)))


@pytest.fixture
def first_aid(fire_course):
    return CoursePageFactory(title="First aid at work", parent=fire_course.get_parent(), certificate_validity_months=12)


def test_my_learning_lists_my_certificates_newest_first_with_downloads(client, worker_a, fire_course, first_aid):
    """Each certificate shows its course, state and dates, the picture and PDF links and its code."""
    older = certificate_of(worker_a, first_aid, days_ago=100)
    newer = certificate_of(worker_a, fire_course)
    client.force_login(worker_a)
    html = client.get("/learning/", **EN).content.decode()
    assert shown_codes(html) == [newer.code_display, older.code_display]
    assert "First aid at work" in html and "Fire and emergency evacuation" in html
    assert f"Valid, expires on {newer.expires_on.strftime('%-d %b %Y')}" in html
    assert f'href="/certificates/{newer.code}/certificate.png"' in html
    assert f'href="/certificates/{newer.code}/certificate.pdf"' in html
    assert "Download (picture)" in html


def test_each_state_reads_plainly(client, worker_a, fire_course, first_aid, programme_staff):
    """An expired certificate says when it expired; a revoked one says when and has no download."""
    expired = certificate_of(worker_a, first_aid, days_ago=400)
    revoked = certificate_of(
        worker_a, fire_course, revoked_at=timezone.now(), revoked_by=programme_staff, revoked_reason="Mistake"
    )
    client.force_login(worker_a)
    html = client.get("/learning/", **EN).content.decode()
    assert f"Expired on {expired.expires_on.strftime('%-d %b %Y')}" in html
    assert f"Revoked on {timezone.localdate().strftime('%-d %b %Y')}" in html
    assert f"/certificates/{revoked.code}/certificate.png" not in html


def test_a_certificate_expiring_soon_is_pointed_out(client, worker_a, fire_course):
    """Within 60 days of expiry, My learning and the start page say it is time to renew."""
    soon = timezone.localdate() + datetime.timedelta(days=20)
    certificate_of(worker_a, fire_course, days_ago=700, expires_on=soon)
    client.force_login(worker_a)
    assert "Expires within 60 days" in client.get("/learning/", **EN).content.decode()
    home = client.get("/", **EN).content.decode()
    assert "Certificates to renew" in home and f"expires on {soon.strftime('%-d %b %Y')}" in home


def test_a_certificate_renewed_since_is_not_one_to_renew(client, worker_a, fire_course):
    """Once a newer certificate of the course is held, the old one's expiry is no warning."""
    certificate_of(worker_a, fire_course, days_ago=700, expires_on=timezone.localdate() + datetime.timedelta(days=20))
    certificate_of(worker_a, fire_course, cycle=2)
    client.force_login(worker_a)
    assert "Expires within 60 days" not in client.get("/learning/", **EN).content.decode()
    assert "Certificates to renew" not in client.get("/", **EN).content.decode()


def test_the_course_is_named_in_my_language(client, worker_a, fire_course):
    """A Khmer reader sees the course's Khmer title."""
    translations_sync()
    page_translate(fire_course, "km", title="ការបង្ការអគ្គិភ័យ")
    certificate_of(worker_a, fire_course)
    client.force_login(worker_a)
    assert "ការបង្ការអគ្គិភ័យ" in client.get("/learning/", HTTP_ACCEPT_LANGUAGE="km").content.decode()


def test_someone_else_s_certificates_never_show_on_my_learning(client, worker_a, worker_b, fire_course):
    """My learning lists only my own certificates."""
    theirs = certificate_of(worker_b, fire_course)
    client.force_login(worker_a)
    assert theirs.code_display not in client.get("/learning/", **EN).content.decode()


def test_the_person_page_lists_what_the_viewer_may_see(client, worker_a, fire_course, factory_b, hr_b, hr_a):
    """After a move to factory B, B's HR sees the person but not the certificate issued at A; A's HR
    no longer opens the person, and programme staff would see it."""
    issued_at_a = certificate_of(worker_a, fire_course)
    worker_a.factory, worker_a.department = factory_b, None
    worker_a.save()
    issued_at_b = certificate_of(worker_a, fire_course, cycle=2)
    client.force_login(hr_b)
    html = client.get(f"/people/{worker_a.pk}/", **EN).content.decode()
    assert issued_at_b.code_display in html and issued_at_a.code_display not in html


def test_staff_see_every_certificate_on_the_person_page(client, worker_a, fire_course, programme_staff):
    """Programme staff see the person's certificates with their codes."""
    certificate = certificate_of(worker_a, fire_course)
    client.force_login(programme_staff)
    html = client.get(f"/people/{worker_a.pk}/", **EN).content.decode()
    assert "Certificates" in html and certificate.code_display in html


def test_hr_and_staff_find_the_register_from_the_start_page(client, hr_a, worker_a):
    """HR's start page leads to the certificate register; a worker's does not."""
    client.force_login(hr_a)
    assert "/certificates/register/" in client.get("/", **EN).content.decode()
    client.force_login(worker_a)
    assert "/certificates/register/" not in client.get("/", **EN).content.decode()
