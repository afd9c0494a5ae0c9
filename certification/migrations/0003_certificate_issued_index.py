"""The admin's certificate list reads a page newest first from an index instead of sorting every certificate."""

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
    ]
