"""Every progress row belongs to a cycle, and is unique per cycle and lesson, not per person."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0007_enrolment_cycles_backfill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="lessonprogress",
            name="enrolment",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="lesson_progress", to="courses.enrolment"
            ),
        ),
        migrations.RemoveConstraint(model_name="lessonprogress", name="progress_once_per_lesson"),
        migrations.AddConstraint(
            model_name="lessonprogress",
            constraint=models.UniqueConstraint(fields=("enrolment", "lesson"), name="progress_once_per_cycle"),
        ),
    ]
