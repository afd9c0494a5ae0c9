"""Search without a scan of every name: a column the database keeps with the names as search compares
them, a trigram index on it (PostgreSQL only; SQLite searches the column directly), and an index
for worker IDs compared without case across every factory."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models
from django.db.models.functions import Concat, Lower, Replace, Upper

# Frozen here as the model declared it when this step was written.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f"


def searched_names():
    names = Concat(
        "last_name",
        models.Value("\x1f"),
        "first_name",
        models.Value("\x1f"),
        "family_name_km",
        models.Value("\x1f"),
        "given_name_km",
        output_field=models.TextField(),
    )
    for character in INVISIBLE:
        names = Replace(names, models.Value(character), models.Value(""), output_field=models.TextField())
    return Lower(names, output_field=models.TextField())


TRIGRAM_INDEX = "person_search_names_trgm_idx"


def trigram_index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {TRIGRAM_INDEX} ON people_person USING gin (search_names gin_trgm_ops)")


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("people", "0003_programme_staff_factory_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_names",
            field=models.GeneratedField(expression=searched_names(), output_field=models.TextField(), db_persist=True),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(Upper("worker_id"), name="person_worker_id_upper_idx"),
        ),
        # Does nothing on SQLite. pg_trgm comes with PostgreSQL and is a trusted extension: the
        # database's owner may create it without being a superuser.
        TrigramExtension(),
        migrations.RunPython(trigram_index_create, trigram_index_drop, elidable=False),
    ]
