"""A course is taken in cycles: one enrolment per cycle, one open cycle at a time, and each
completion its own record. Progress gains its cycle here; 0007 fills it in and 0008 requires it."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_xapi_statement_result_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="cycle",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="cycle"),
        ),
        migrations.RemoveConstraint(model_name="enrolment", name="enrolment_once_per_course"),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.UniqueConstraint(fields=("person", "course", "cycle"), name="enrolment_once_per_cycle"),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("completed_at__isnull", True)),
                fields=("person", "course"),
                name="enrolment_one_open_cycle",
            ),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.CheckConstraint(condition=models.Q(("cycle__gte", 1)), name="enrolment_cycle_from_one"),
        ),
        migrations.CreateModel(
            name="Completion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("completed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "source",
                    models.CharField(
                        choices=[("self_paced", "Lessons completed"), ("seminar", "Attended a session")], max_length=12
                    ),
                ),
                (
                    "course",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="completions", to="courses.coursepage"
                    ),
                ),
                (
                    "enrolment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="completion", to="courses.enrolment"
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="completions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "completion",
                "verbose_name_plural": "completions",
                "indexes": [
                    models.Index(fields=["person", "course"], name="completion_person_course_idx"),
                    models.Index(fields=["course", "completed_at"], name="completion_course_done_idx"),
                ],
            },
        ),
        migrations.AddField(
            model_name="lessonprogress",
            name="enrolment",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lesson_progress",
                to="courses.enrolment",
            ),
        ),
    ]
