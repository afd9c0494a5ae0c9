"""Anyone who scans the QR or types the code reads in large words whether the certificate is valid,
expired or revoked, with the holder's name, the course and the dates, and nothing else about the
holder; a wrong code is a plain "not found"; an address that checks too many codes waits."""

import datetime

import pytest
from django.utils import timezone

from certification.factories import CertificateFactory, completion_make
from courses.factories import page_translate, translations_sync

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def holder(worker_a):
    worker_a.family_name_km, worker_a.given_name_km = "សុខ", "ស្រីនិច"
    worker_a.last_name, worker_a.first_name = "Sok", "Sreynich"
    worker_a.worker_id = "W04521"
    worker_a.year_of_birth = 1994
    worker_a.save()
    return worker_a


def certificate_of(person, course, *, years_ago=0, **fields):
    completed = timezone.now() - datetime.timedelta(days=365 * years_ago)
    return CertificateFactory(
        completion=completion_make(person=person, course=course, completed_at=completed), **fields
    )


def page(client, certificate, **headers):
    response = client.get(f"/verify/{certificate.code_display}/", **(headers or EN))
    return response, response.content.decode()


def test_a_valid_certificate_says_valid_with_name_course_and_dates(client, holder, fire_course):
    """VALID, the name in Khmer and Latin script, the course and both dates."""
    certificate = certificate_of(holder, fire_course)
    response, html = page(client, certificate)
    assert response.status_code == 200
    assert "VALID" in html and "EXPIRED" not in html and "REVOKED" not in html
    assert "សុខ ស្រីនិច" in html and "Sok Sreynich" in html
    assert "Fire and emergency evacuation" in html
    assert certificate.issued_on.strftime("%-d %B %Y") in html
    assert certificate.expires_on.strftime("%-d %B %Y") in html
    assert certificate.code_display in html


def test_nothing_else_personal_is_shown(client, holder, fire_course):
    """No phone, worker ID, factory, department, gender or year of birth on the public page."""
    certificate = certificate_of(holder, fire_course)
    _response, html = page(client, certificate)
    for private in ("12345678", "+855", "W04521", "Angkor Apparel", "PP-001", "អង្គរ", "Sewing", "ផ្នែកដេរ", "1994"):
        assert private not in html, private
    assert "Female" not in html and "Male" not in html


def test_an_expired_certificate_says_expired(client, holder, fire_course):
    """A certificate past its expiry date says EXPIRED and when."""
    certificate = certificate_of(holder, fire_course, years_ago=3)
    _response, html = page(client, certificate)
    assert "EXPIRED" in html and "VALID" not in html
    assert f"expired on {certificate.expires_on.strftime('%-d %B %Y')}" in html


def test_a_revoked_certificate_says_revoked_and_when_but_not_why(client, holder, fire_course, programme_staff):
    """REVOKED with the day it was revoked; the reason stays private."""
    certificate = certificate_of(
        holder,
        fire_course,
        revoked_at=timezone.now(),
        revoked_by=programme_staff,
        revoked_reason="Attendance sheet signed by someone else",
    )
    _response, html = page(client, certificate)
    assert "REVOKED" in html and "VALID" not in html
    assert f"revoked on {timezone.localdate().strftime('%-d %B %Y')}" in html
    assert "Attendance sheet" not in html


def test_revocation_shows_at_once_and_the_page_is_not_kept_or_indexed(client, holder, fire_course):
    """The page tells caches not to keep it and search engines not to list it."""
    certificate = certificate_of(holder, fire_course)
    response, _html = page(client, certificate)
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    certificate.revoked_at, certificate.revoked_reason = timezone.now(), "Issued by mistake"
    certificate.save()
    assert "REVOKED" in page(client, certificate)[1]


def test_the_course_is_named_in_the_readers_language_and_in_english(client, holder, fire_course):
    """A Khmer reader sees the Khmer course title, with the English one beside it."""
    translations_sync()
    page_translate(fire_course, "km", title="ការបង្ការអគ្គិភ័យ")
    certificate = certificate_of(holder, fire_course)
    _response, html = page(client, certificate, HTTP_ACCEPT_LANGUAGE="km")
    assert "ការបង្ការអគ្គិភ័យ" in html and "Fire and emergency evacuation" in html
    assert '<html lang="km">' in html


def test_a_code_typed_loosely_leads_to_the_certificates_one_address(client, holder, fire_course):
    """Small letters, no dash or spaces redirect to /verify/XXXXX-XXXXX/."""
    certificate = certificate_of(holder, fire_course)
    response = client.get(f"/verify/{certificate.code.lower()}/")
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.code_display}/"


@pytest.mark.parametrize(
    "code", ["AAAAA-AAAAA", "nothing", "x" * 500, "ក្រដាស", "%2e%2e", "..%2f..%2fetc", "%00", "K7MQ4-XR29T%00"]
)
def test_unknown_and_malformed_codes_get_a_plain_not_found(client, code, db):
    """Any code that is no certificate's is a 404 page in plain words, never a server error."""
    response = client.get(f"/verify/{code}/", **EN)
    assert response.status_code == 404
    html = response.content.decode()
    assert "No certificate has this code" in html
    assert response["X-Robots-Tag"] == "noindex"


def test_the_form_leads_to_the_certificate(client, holder, fire_course):
    """Someone without a QR reader types the code in the box and reaches the certificate."""
    certificate = certificate_of(holder, fire_course)
    assert "Certificate code" in client.get("/verify/", **EN).content.decode()
    response = client.get("/verify/", {"code": f" {certificate.code.lower()[:5]} {certificate.code[5:]} "})
    assert response["Location"] == f"/verify/{certificate.code_display}/"


def test_the_form_says_when_what_was_typed_is_no_code(client, db):
    """A mistyped code is pointed out next to the box."""
    html = client.get("/verify/", {"code": "K7MQ4"}, **EN).content.decode()
    assert "This is not a certificate code" in html


def test_the_page_is_small_and_quick(client, holder, fire_course, django_assert_max_num_queries):
    """The page is a few kilobytes with its style, and reads the database a couple of times."""
    certificate = certificate_of(holder, fire_course)
    with django_assert_max_num_queries(2):
        _response, html = page(client, certificate)
    css = client.get("/static/certification/verify.css")
    css_bytes = len(b"".join(css.streaming_content)) if css.streaming else len(css.content)
    assert len(html.encode()) + css_bytes < 15 * 1024


def test_an_address_is_refused_after_the_limit_and_not_before(client, settings, holder, fire_course):
    """The 5th lookup is answered; the 6th gets 429 saying when to try again."""
    settings.SALA_VERIFY_MAX_LOOKUPS = 5
    certificate = certificate_of(holder, fire_course)
    for _lookup in range(5):
        assert page(client, certificate)[0].status_code == 200
    response, html = page(client, certificate)
    assert response.status_code == 429
    assert "Try again after" in html
    assert int(response["Retry-After"]) > 0
    assert client.get(f"/verify/{certificate.code_display}/", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_wrong_codes_count_towards_the_limit(client, settings, db):
    """Guessing codes in the box or in the address is limited like checking real ones."""
    settings.SALA_VERIFY_MAX_LOOKUPS = 3
    client.get("/verify/AAAAA-AAAAA/")
    client.get("/verify/", {"code": "nonsense"})
    client.get("/verify/", {"code": "nonsense"})
    assert client.get("/verify/AAAAA-AAAAA/").status_code == 429
