"""The people list reads a factory's people in worker ID order from this index, a page at a time."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("people", "0004_person_search_names"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["factory", "worker_id", "id"], name="person_factory_worker_id_idx"),
        ),
    ]
