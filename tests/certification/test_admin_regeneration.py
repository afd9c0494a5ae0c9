"""Drawing a template's certificates again from the admin, with a page that shows how far it has got."""

import pytest

from certification.choices import RegenerationStatus
from certification.factories import CertificateFactory
from certification.models import CertificateTemplate, Regeneration

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_template_page_offers_to_regenerate_its_certificates(client, programme_staff):
    """A template's edit page has the "Regenerate its certificates" button for programme staff."""
    template = CertificateTemplate.objects.get(is_default=True)
    client.force_login(programme_staff)
    html = client.get(f"/admin/certificate-templates/edit/{template.pk}/", **EN).content.decode()
    assert f"/admin/certificate-templates/regenerate/{template.pk}/" in html


def test_regenerating_starts_once_and_shows_the_progress(client, programme_staff, django_capture_on_commit_callbacks):
    """Confirming starts one regeneration; its page says how many were drawn and that it finished."""
    template = CertificateTemplate.objects.get(is_default=True)
    certificate = CertificateFactory(template=template)
    client.force_login(programme_staff)
    ask = client.get(f"/admin/certificate-templates/regenerate/{template.pk}/", **EN).content.decode()
    assert "Draw the 1 certificate issued with" in ask
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/certificate-templates/regenerate/{template.pk}/", **EN)
    regeneration = Regeneration.objects.get(template=template)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/certificate-templates/regeneration/{regeneration.pk}/"
    regeneration.refresh_from_db()
    assert regeneration.status == RegenerationStatus.DONE and regeneration.done == 1
    certificate.refresh_from_db()
    assert certificate.rendered_at is not None
    page = client.get(response["Location"], **EN).content.decode()
    assert "1 of 1 certificates drawn again." in page and "Finished" in page
    assert 'http-equiv="refresh"' not in page


def test_a_regeneration_under_way_reloads_itself(client, programme_staff):
    """While certificates are being drawn, the progress page looks again every few seconds."""
    template = CertificateTemplate.objects.get(is_default=True)
    regeneration = Regeneration.objects.create(template=template, status=RegenerationStatus.RUNNING, total=40, done=10)
    client.force_login(programme_staff)
    page = client.get(f"/admin/certificate-templates/regeneration/{regeneration.pk}/", **EN).content.decode()
    assert 'http-equiv="refresh"' in page and "10 of 40 certificates drawn again." in page


def test_trainers_cannot_regenerate(client, trainer):
    """A trainer is refused the regeneration and nothing starts."""
    template = CertificateTemplate.objects.get(is_default=True)
    client.force_login(trainer)
    response = client.post(f"/admin/certificate-templates/regenerate/{template.pk}/", **EN)
    assert response.status_code in (302, 403)
    assert not Regeneration.objects.exists()
