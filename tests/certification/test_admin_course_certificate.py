"""The Certificate panel on a course's admin page: the English course's choice counts, translations keep working."""

import pytest

from certification.factories import CertificateTemplateFactory
from certification.models import CourseCertificate
from certification.services.issuing import certificate_template_for
from courses.factories import page_translate, translations_sync
from courses.models import CoursePage

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_course_edit_page_has_the_certificate_panel(client, programme_staff, fire_course):
    """Programme staff editing a course find the Certificate panel with the templates to choose from."""
    supervisors = CertificateTemplateFactory(name="Supervisors")
    client.force_login(programme_staff)
    html = client.get(f"/admin/pages/{fire_course.pk}/edit/", **EN).content.decode()
    assert "certificate_settings-TOTAL_FORMS" in html
    assert "Certificate template and refresher course" in html
    assert "Supervisors" in html and str(supervisors.pk) in html


def test_a_khmer_translation_keeps_the_english_courses_choice(client, programme_staff, fire_course):
    """The Khmer course opens in the admin after a sync, and the English course's template is the one used."""
    chosen, other = CertificateTemplateFactory(name="Chosen"), CertificateTemplateFactory(name="Other")
    CourseCertificate.objects.create(course=fire_course, template=chosen)
    fire_course.save_revision().publish()
    translations_sync()
    khmer = page_translate(fire_course, "km", title="សុវត្ថិភាពអគ្គិភ័យ")
    # Whatever the translation's own copy says, the English course's choice counts.
    CourseCertificate.objects.update_or_create(course=khmer, defaults={"template": other})
    client.force_login(programme_staff)
    assert client.get(f"/admin/pages/{khmer.pk}/edit/", **EN).status_code == 200
    assert certificate_template_for(CoursePage.objects.get(pk=khmer.pk)) == chosen
    fire_course.refresh_from_db()
    fire_course.save_revision().publish()
    translations_sync()
    assert CourseCertificate.objects.get(course=fire_course).template == chosen
