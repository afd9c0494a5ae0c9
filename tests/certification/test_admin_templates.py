"""Certificate templates in the admin: programme staff keep them; one default; a template in use stays."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from certification.factories import CertificateFactory, CertificateTemplateFactory, SignatoryFactory
from certification.models import CertificateTemplate

pytestmark = pytest.mark.django_db

TEMPLATES = "/admin/certificate-templates/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def template_form(template: CertificateTemplate | None = None, **changes) -> dict:
    """The template's form as the admin sends it, with `changes`."""
    fields = {
        "name": "Supervisors' certificate",
        "is_default": "",
        "layout": "landscape_a4",
        "heading_en": "Certificate of completion",
        "heading_km": "វិញ្ញាបនបត្របញ្ចប់វគ្គបណ្តុះបណ្តាល",
        "heading_zh": "结业证书",
        "statement_en": "has successfully completed the training course",
        "statement_km": "បានបញ្ចប់វគ្គបណ្តុះបណ្តាលដោយជោគជ័យ",
        "statement_zh": "已顺利完成培训课程",
        "issuer_en": "The programme",
        "issuer_km": "",
        "issuer_zh": "",
        "logo": "",
        "validity_months": "",
    }
    if template is not None:
        fields.update({name: getattr(template, name) or "" for name in fields if hasattr(template, name)})
        fields["is_default"] = "on" if template.is_default else ""
    fields.update(changes)
    signatories = []
    if template is not None:
        signatories = [
            {
                "id": s.pk,
                "name": s.name,
                "name_km": s.name_km,
                "title": s.title,
                "title_km": s.title_km,
                "title_zh": s.title_zh,
                "signature": "",
            }
            for s in template.signatories.all()
        ]
    return nested_form_data({**fields, "signatories": inline_formset(signatories)})


def test_programme_staff_find_certificates_in_the_admin_menu(client, programme_staff):
    """The admin's menu has Certificates, with the certificates and their templates, for programme staff."""
    client.force_login(programme_staff)
    html = client.get("/admin/", **EN).content.decode()
    assert "Certificates" in html
    assert client.get(TEMPLATES, **EN).status_code == 200
    assert client.get("/admin/certificates/", **EN).status_code == 200


def test_trainers_and_hr_cannot_open_the_templates(client, trainer, hr_a):
    """A trainer opening the templates is turned away; HR cannot open the admin at all."""
    client.force_login(trainer)
    assert client.get(TEMPLATES, **EN).status_code in (302, 403)
    client.force_login(hr_a)
    assert client.get(TEMPLATES, **EN).status_code == 302


def test_programme_staff_add_a_template_with_a_signatory(client, programme_staff):
    """A new template is saved with its wording in three languages and its signatory."""
    client.force_login(programme_staff)
    data = template_form(heading_zh="培训证书")
    data.update(
        nested_form_data(
            {
                "signatories": inline_formset(
                    [
                        {
                            "name": "Meas Vanna",
                            "name_km": "មាស វណ្ណា",
                            "title": "Programme manager",
                            "title_km": "",
                            "title_zh": "",
                            "signature": "",
                        }
                    ]
                )
            }
        )
    )
    response = client.post(f"{TEMPLATES}new/", data, **EN)
    assert response.status_code == 302, response.content.decode()[:3000]
    template = CertificateTemplate.objects.get(name="Supervisors' certificate")
    assert template.heading_zh == "培训证书" and not template.is_default
    assert [s.name_km for s in template.signatories.all()] == ["មាស វណ្ណា"]


def test_a_second_default_template_is_refused_in_plain_words(client, programme_staff):
    """Ticking "default" on a second template shows a form error naming the default one, not a crash."""
    client.force_login(programme_staff)
    default = CertificateTemplate.objects.get(is_default=True)
    other = CertificateTemplateFactory(name="Supervisors")
    response = client.post(f"{TEMPLATES}edit/{other.pk}/", template_form(other, is_default="on"), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"“{default.name}” is the default template" in html
    other.refresh_from_db()
    assert not other.is_default
    assert CertificateTemplate.objects.filter(is_default=True).get() == default


def test_the_default_template_is_edited_and_stays_the_default(client, programme_staff):
    """Saving the default template itself with "default" ticked is no clash."""
    client.force_login(programme_staff)
    default = CertificateTemplate.objects.get(is_default=True)
    response = client.post(
        f"{TEMPLATES}edit/{default.pk}/", template_form(default, issuer_en="Sala training programme"), **EN
    )
    assert response.status_code == 302
    default.refresh_from_db()
    assert default.is_default and default.issuer_en == "Sala training programme"


def test_a_template_with_certificates_is_not_deleted(client, programme_staff):
    """Deleting a template certificates were issued with says why, and the template stays."""
    client.force_login(programme_staff)
    template = CertificateTemplateFactory(name="Old design")
    CertificateFactory(template=template)
    response = client.post(f"{TEMPLATES}delete/{template.pk}/", follow=True, **EN)
    assert response.status_code == 200
    assert "certificates were issued with it" in response.content.decode()
    assert CertificateTemplate.objects.filter(pk=template.pk).exists()


def test_the_default_template_is_not_deleted(client, programme_staff):
    """The default template cannot be deleted: courses without a template need it."""
    client.force_login(programme_staff)
    default = CertificateTemplate.objects.get(is_default=True)
    response = client.post(f"{TEMPLATES}delete/{default.pk}/", follow=True, **EN)
    assert "The default template cannot be deleted" in response.content.decode()
    assert CertificateTemplate.objects.filter(pk=default.pk).exists()


def test_an_unused_template_is_deleted(client, programme_staff):
    """A template nobody was given a certificate with is deleted, signatories and all."""
    client.force_login(programme_staff)
    template = CertificateTemplateFactory(name="Draft design")
    SignatoryFactory(template=template)
    response = client.post(f"{TEMPLATES}delete/{template.pk}/", **EN)
    assert response.status_code == 302
    assert not CertificateTemplate.objects.filter(pk=template.pk).exists()
