"""Existing records become the first cycle: each progress row joins its person's enrolment in the
course, and every completed enrolment gets its Completion with the same date and source."""

from django.db import migrations


def first_cycle(apps, schema_editor):
    Enrolment = apps.get_model("courses", "Enrolment")
    Completion = apps.get_model("courses", "Completion")
    LessonProgress = apps.get_model("courses", "LessonProgress")

    # Progress is only recorded for enrolled learners, but an enrolment deleted by hand leaves its
    # progress behind; it gets a cycle of its own rather than being lost.
    orphans = LessonProgress.objects.filter(enrolment__isnull=True).values_list("person_id", "course_id").distinct()
    for person_id, course_id in orphans:
        if not Enrolment.objects.filter(person_id=person_id, course_id=course_id).exists():
            started = LessonProgress.objects.filter(person_id=person_id, course_id=course_id).order_by("started_at")
            Enrolment.objects.create(person_id=person_id, course_id=course_id, enrolled_at=started[0].started_at)

    enrolments = Enrolment.objects.only("pk", "person_id", "course_id", "completed_at", "completion_source")
    completions = []
    for enrolment in enrolments.iterator(chunk_size=2000):
        LessonProgress.objects.filter(person_id=enrolment.person_id, course_id=enrolment.course_id).update(
            enrolment_id=enrolment.pk
        )
        if enrolment.completed_at is not None:
            completions.append(
                Completion(
                    person_id=enrolment.person_id,
                    course_id=enrolment.course_id,
                    enrolment_id=enrolment.pk,
                    completed_at=enrolment.completed_at,
                    source=enrolment.completion_source,
                )
            )
    Completion.objects.bulk_create(completions, batch_size=2000)


def first_cycle_undo(apps, schema_editor):
    apps.get_model("courses", "Completion").objects.all().delete()
    apps.get_model("courses", "LessonProgress").objects.update(enrolment=None)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_enrolment_cycles"),
    ]

    operations = [
        migrations.RunPython(first_cycle, first_cycle_undo, elidable=True),
    ]
