"""What each learner has done: enrolments (one per cycle), lesson progress, completions.

These are plain Django models, written only by `courses.services`. They point at the English
(default-locale) page of a course, lesson or programme, whatever language the learner used.

A person takes a course in cycles: certificates expire and the worker takes the course again.
Each cycle is one `Enrolment` row (`cycle` 1, 2, ...), and at most one cycle of a course is open
(not completed) per person at a time. Lesson progress and part results belong to a cycle, so a new
cycle starts empty while the earlier cycles' records stay. A cycle completes once: `completed_at`
is set by a conditional update that only one request can win, and the same transaction records
the `Completion` that other apps (certificates) point at; `courses.signals` announce it after
the transaction commits.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.choices import CompletionSource, EnrolmentSource, ProgressStatus

from .pages import CoursePage, LessonPage, ProgrammePage


class Enrolment(models.Model):
    """One cycle of a person taking a course; the latest cycle is the current one.

    `completed_at` and `completion_source` close the cycle: they are the cycle's state, kept on
    the row so that "one open cycle" is a database constraint and reports filter without a join.
    They are written together with the cycle's `Completion`, never apart.
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="enrolments")
    source = models.CharField(max_length=12, choices=EnrolmentSource.choices, default=EnrolmentSource.SELF)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_source = models.CharField(max_length=12, choices=CompletionSource.choices, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["person", "course", "cycle"], name="enrolment_once_per_cycle"),
            models.UniqueConstraint(
                fields=["person", "course"], condition=Q(completed_at__isnull=True), name="enrolment_one_open_cycle"
            ),
            models.CheckConstraint(condition=Q(cycle__gte=1), name="enrolment_cycle_from_one"),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True, completion_source="")
                | Q(completed_at__isnull=False) & ~Q(completion_source=""),
                name="enrolment_completion_has_source",
            ),
        ]
        indexes = [models.Index(fields=["course", "completed_at"], name="enrolment_course_done_idx")]

    def __str__(self):
        return f"{self.person} in {self.course} (cycle {self.cycle})"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class Completion(models.Model):
    """A person completed one cycle of a course: by its lessons, or by attending a session.

    One per enrolment (cycle), so "completed exactly once" holds per cycle. Certificates are
    issued for a completion; earlier cycles' completions stay as the person's training record.
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions")
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="completions")
    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="completion")
    completed_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=12, choices=CompletionSource.choices)

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        indexes = [
            models.Index(fields=["person", "course"], name="completion_person_course_idx"),
            models.Index(fields=["course", "completed_at"], name="completion_course_done_idx"),
        ]

    def __str__(self):
        return f"{self.person} completed {self.course}"


class LessonProgress(models.Model):
    """A learner's progress in one lesson during one cycle of its course."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lesson_progress")
    # The learner and the lesson's course, kept here so a person's or a course's progress is one
    # indexed query.
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.PROTECT, related_name="progress")
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="lesson_progress")
    status = models.CharField(max_length=10, choices=ProgressStatus.choices, default=ProgressStatus.STARTED)
    best_score = models.PositiveSmallIntegerField(_("best quiz score (%)"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="progress_once_per_cycle")]
        indexes = [models.Index(fields=["person", "course"], name="progress_person_course_idx")]

    def __str__(self):
        return f"{self.person}: {self.lesson} ({self.status})"


class LessonPartResult(models.Model):
    """One scored part of a lesson for one learner: the lesson's quiz, or one of its H5P exercises.

    A lesson with scored parts completes only when every part is passed, each on its own terms
    (the quiz scored by the server, an exercise by its statements); a part passed stays passed.
    `part` is "quiz" or "h5p:<package folder>".
    """

    progress = models.ForeignKey(LessonProgress, on_delete=models.CASCADE, related_name="parts")
    part = models.CharField(max_length=40)
    best_score = models.PositiveSmallIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    passed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lesson part result")
        verbose_name_plural = _("lesson part results")
        constraints = [models.UniqueConstraint(fields=["progress", "part"], name="part_result_once_per_progress")]

    def __str__(self):
        return f"{self.progress}: {self.part}"


class ProgrammeCompletion(models.Model):
    """A person completed every course of a programme, recorded the first time only.

    A programme is not taken in cycles: courses expire and are taken again one by one, and taking
    a course again neither undoes nor repeats the programme's completion.
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_completions")
    programme = models.ForeignKey(ProgrammePage, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("programme completion")
        verbose_name_plural = _("programme completions")
        constraints = [models.UniqueConstraint(fields=["person", "programme"], name="programme_completed_once")]

    def __str__(self):
        return f"{self.person} completed {self.programme}"


class XapiStatement(models.Model):
    """A result an H5P exercise reported (xAPI "answered" or "completed"), kept once per statement id.

    Only the checked fields a result needs are kept (see `courses.xapi`), never the body as sent:
    the rest of a statement is the browser's to fill and nobody reads it.
    """

    statement_id = models.UUIDField(unique=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xapi_statements")
    lesson = models.ForeignKey(LessonPage, on_delete=models.PROTECT, related_name="xapi_statements")
    verb = models.CharField(max_length=20)
    # The exercise it is about: the package's address, with ?subContentId=… for one question in it.
    object_id = models.CharField(max_length=500)
    raw = models.FloatField(null=True, blank=True)
    max = models.FloatField(null=True, blank=True)
    scaled = models.FloatField(null=True, blank=True)
    success = models.BooleanField(null=True)
    completion = models.BooleanField(null=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        indexes = [models.Index(fields=["person", "lesson"], name="xapi_person_lesson_idx")]

    def __str__(self):
        return f"{self.person} {self.verb} {self.lesson}"
