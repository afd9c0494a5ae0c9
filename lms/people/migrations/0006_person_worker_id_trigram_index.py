"""Search finds part of a worker ID ("0012" finds W00123) across every factory without reading every
person: a trigram index on the worker ID compared without case (PostgreSQL only; SQLite reads the
column directly). Only an index is built: the table is not rewritten."""

from django.db import migrations

TRIGRAM_INDEX = "person_worker_id_upper_trgm_idx"


def trigram_index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The expression the contains-without-case lookup compares: UPPER("worker_id"::text).
        schema_editor.execute(
            f"CREATE INDEX {TRIGRAM_INDEX} ON people_person USING gin ((UPPER(worker_id::text)) gin_trgm_ops)"
        )


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_person_factory_worker_id_index"),
    ]

    operations = [
        migrations.RunPython(trigram_index_create, trigram_index_drop, elidable=False),
    ]
