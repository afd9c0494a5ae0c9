"""What each learner has done: enrolments, lesson progress, completions.

These are plain Django models, written only by `courses.services`. They point at the English
(default-locale) page of a course, lesson or programme, whatever language the learner used.
A completion is recorded once: `completed_at` is set by a conditional update that only one
request can win, and `courses.signals` announce it to other apps after the transaction commits.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.choices import CompletionSource, EnrolmentSource, ProgressStatus

from .pages import CoursePage, LessonPage, ProgrammePage


class Enrolment(models.Model):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="enrolments")
    source = models.CharField(max_length=12, choices=EnrolmentSource.choices, default=EnrolmentSource.SELF)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_source = models.CharField(max_length=12, choices=CompletionSource.choices, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["person", "course"], name="enrolment_once_per_course"),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True, completion_source="")
                | Q(completed_at__isnull=False) & ~Q(completion_source=""),
                name="enrolment_completion_has_source",
            ),
        ]
        indexes = [models.Index(fields=["course", "completed_at"], name="enrolment_course_done_idx")]

    def __str__(self):
        return f"{self.person} in {self.course}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class LessonProgress(models.Model):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.PROTECT, related_name="progress")
    # The lesson's course, kept here so a course's progress is one indexed query.
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="lesson_progress")
    status = models.CharField(max_length=10, choices=ProgressStatus.choices, default=ProgressStatus.STARTED)
    best_score = models.PositiveSmallIntegerField(_("best quiz score (%)"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["person", "lesson"], name="progress_once_per_lesson")]
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
