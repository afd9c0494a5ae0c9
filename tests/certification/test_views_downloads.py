"""A certificate's PDF and picture go to its holder, HR of the factory where it was issued (even after
the holder moved), trainers and programme staff; to anyone else, signed in or not, the address does
not exist. Files still to be drawn give a page that waits for them."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from certification.factories import CertificateFactory, completion_make
from certification.views import downloads
from lms.people.factories import PersonFactory

PDF = b"%PDF-1.7 a small test certificate"
PNG = b"\x89PNG\r\n\x1a\n a small test picture"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


class RenderAsked:
    def __init__(self):
        self.ids = []

    def delay(self, certificate_id):
        self.ids.append(certificate_id)


@pytest.fixture
def render_asked(monkeypatch):
    asked = RenderAsked()
    monkeypatch.setattr(downloads, "certificate_render_task", asked)
    return asked


@pytest.fixture
def certificate(settings, tmp_path, worker_a, fire_course):
    """Worker A's fire-safety certificate, issued in factory A, with its files stored."""
    settings.MEDIA_ROOT = tmp_path
    certificate = CertificateFactory(completion=completion_make(person=worker_a, course=fire_course))
    certificate.pdf.name = default_storage.save(f"certificates/2025/{certificate.code}.pdf", ContentFile(PDF))
    certificate.png.name = default_storage.save(f"certificates/2025/{certificate.code}.png", ContentFile(PNG))
    certificate.rendered_at = timezone.now()
    certificate.save()
    return certificate


def pdf_url(certificate):
    return f"/certificates/{certificate.code_display}/certificate.pdf"


def png_url(certificate):
    return f"/certificates/{certificate.code_display}/certificate.png"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_holder_downloads_the_pdf_as_an_attachment(client, certificate, worker_a):
    """The holder gets the PDF, saved under the course's name and the code, never cached on the way."""
    client.force_login(worker_a)
    response = client.get(pdf_url(certificate))
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="fire-and-emergency-evacuation-{certificate.code_display}.pdf"' in disposition
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_holder_downloads_the_picture(client, certificate, worker_a):
    """The phone-sized picture arrives as a PNG."""
    client.force_login(worker_a)
    response = client.get(png_url(certificate))
    assert response.status_code == 200
    assert body(response) == PNG
    assert response["Content-Type"] == "image/png"
    assert f"{certificate.code_display}.png" in response["Content-Disposition"]


def test_the_code_may_be_typed_in_small_letters_without_the_dash(client, certificate, worker_a):
    """An address with the code in any case still downloads."""
    client.force_login(worker_a)
    assert client.get(f"/certificates/{certificate.code.lower()}/certificate.png").status_code == 200


@pytest.mark.parametrize("who", ["hr_a", "trainer", "programme_staff"])
def test_hr_of_the_factory_trainers_and_staff_download(client, certificate, who, request):
    """HR of the factory where it was issued, trainers and programme staff get both files."""
    client.force_login(request.getfixturevalue(who))
    assert client.get(pdf_url(certificate)).status_code == 200
    assert client.get(png_url(certificate)).status_code == 200


@pytest.mark.parametrize("who", ["hr_b", "worker_b"])
def test_hr_of_another_factory_and_another_worker_find_nothing(client, certificate, who, request):
    """HR of another factory and another worker get 404 for both files, not a refusal."""
    client.force_login(request.getfixturevalue(who))
    assert client.get(pdf_url(certificate)).status_code == 404
    assert client.get(png_url(certificate)).status_code == 404


def test_an_anonymous_visitor_finds_nothing(client, certificate):
    """Someone not signed in gets 404, not the sign-in page."""
    response = client.get(pdf_url(certificate))
    assert response.status_code == 404
    assert client.get(png_url(certificate)).status_code == 404


def test_hr_where_it_was_issued_keeps_it_after_the_holder_moved(client, certificate, worker_a, factory_b, hr_a, hr_b):
    """After the holder moves to factory B, HR of factory A still downloads it and HR of B does not."""
    worker_a.factory = factory_b
    worker_a.department = None
    worker_a.save()
    client.force_login(hr_a)
    assert client.get(pdf_url(certificate)).status_code == 200
    client.force_login(hr_b)
    assert client.get(pdf_url(certificate)).status_code == 404


@pytest.mark.parametrize("code", ["AAAAA-AAAAA", "not-a-code", "x" * 500, "ក្រដាស", "%2e%2e", "%00"])
def test_unknown_or_malformed_codes_are_404(client, programme_staff, code, certificate):
    """Whatever is typed as a code, the answer is 404, never a server error."""
    client.force_login(programme_staff)
    assert client.get(f"/certificates/{code}/certificate.pdf").status_code == 404


def test_files_not_drawn_yet_give_a_page_that_waits_and_ask_for_them(client, worker_a, fire_course, render_asked):
    """Before the files are drawn the holder reads that it is being prepared, and the drawing is asked for once."""
    certificate = CertificateFactory(completion=completion_make(person=worker_a, course=fire_course))
    client.force_login(worker_a)
    response = client.get(png_url(certificate), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your certificate is being prepared" in html
    assert 'http-equiv="refresh"' in html
    assert "no-store" in response["Cache-Control"]
    client.get(png_url(certificate), **EN)
    assert render_asked.ids == [certificate.pk]


def test_a_file_lost_from_the_storage_is_drawn_again(client, certificate, worker_a, render_asked):
    """A file missing from the storage gives the waiting page, not a server error."""
    default_storage.delete(certificate.png.name)
    client.force_login(worker_a)
    response = client.get(png_url(certificate), **EN)
    assert response.status_code == 200
    assert "Your certificate is being prepared" in response.content.decode()
    assert render_asked.ids == [certificate.pk]


def test_someone_not_allowed_never_starts_a_drawing(client, worker_b, worker_a, fire_course, render_asked):
    """A stranger's request for files not drawn yet is a 404 and asks for nothing."""
    certificate = CertificateFactory(completion=completion_make(person=worker_a, course=fire_course))
    client.force_login(worker_b)
    assert client.get(png_url(certificate)).status_code == 404
    assert render_asked.ids == []


def test_a_person_without_a_factory_downloads_their_own(client, settings, tmp_path, fire_course):
    """Staff who took a course themselves download their own certificate."""
    settings.MEDIA_ROOT = tmp_path
    person = PersonFactory(factory=None)
    certificate = CertificateFactory(completion=completion_make(person=person, course=fire_course))
    certificate.pdf.name = default_storage.save(f"certificates/2025/{certificate.code}.pdf", ContentFile(PDF))
    certificate.png.name = default_storage.save(f"certificates/2025/{certificate.code}.png", ContentFile(PNG))
    certificate.rendered_at = timezone.now()
    certificate.save()
    client.force_login(person)
    assert client.get(pdf_url(certificate)).status_code == 200
