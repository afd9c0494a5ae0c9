"""Certificate lists read a page newest first from an index instead of sorting every certificate:
the admin's list of all of them, and a factory's register."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0002_default_template"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="certificate",
            index=models.Index(fields=["issued_on", "id"], name="certificate_issued_idx"),
        ),
        migrations.AddIndex(
            model_name="certificate",
            index=models.Index(fields=["factory", "issued_on", "id"], name="certificate_factory_issued_idx"),
        ),
    ]
