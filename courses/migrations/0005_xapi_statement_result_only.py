"""Statements keep only their checked fields (the object id moves out of the stored body, which
goes), and each scored part of a lesson gets its own result."""

import django.db.models.deletion
from django.db import migrations, models


def object_ids_from_bodies(apps, schema_editor):
    XapiStatement = apps.get_model("courses", "XapiStatement")
    for record in XapiStatement.objects.only("pk", "statement").iterator(chunk_size=2000):
        target = record.statement.get("object") if isinstance(record.statement, dict) else None
        object_id = target.get("id") if isinstance(target, dict) else None
        if isinstance(object_id, str):
            XapiStatement.objects.filter(pk=record.pk).update(object_id=object_id[:500])


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_xapi_statements_and_optional_pass_mark"),
    ]

    operations = [
        migrations.AddField(
            model_name="xapistatement",
            name="object_id",
            field=models.CharField(default="", max_length=500),
            preserve_default=False,
        ),
        migrations.RunPython(object_ids_from_bodies, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(
            model_name="xapistatement",
            name="statement",
        ),
        migrations.CreateModel(
            name="LessonPartResult",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("part", models.CharField(max_length=40)),
                ("best_score", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("passed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "progress",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="parts", to="courses.lessonprogress"
                    ),
                ),
            ],
            options={
                "verbose_name": "lesson part result",
                "verbose_name_plural": "lesson part results",
                "constraints": [
                    models.UniqueConstraint(fields=("progress", "part"), name="part_result_once_per_progress")
                ],
            },
        ),
    ]
