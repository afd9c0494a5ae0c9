"""Every installation starts with one default certificate template (its wording is the models'
defaults), so a course completed on day one gets a certificate before staff have designed theirs."""

from django.db import migrations


def default_template_create(apps, schema_editor):
    CertificateTemplate = apps.get_model("certification", "CertificateTemplate")
    if not CertificateTemplate.objects.filter(is_default=True).exists():
        CertificateTemplate.objects.create(name="Sala certificate", is_default=True)


class Migration(migrations.Migration):
    dependencies = [("certification", "0001_certificates")]

    operations = [migrations.RunPython(default_template_create, migrations.RunPython.noop)]
