"""The catalogue as Wagtail pages: catalogue index → programme → course → lesson, and toolkits.

Programme staff edit these pages in the admin, in English first; wagtail-localize keeps a Khmer
and a Chinese tree beside the English one. Until a page is translated, its place in those trees
is an alias that shows the English page, so a learner always sees their own language where it
exists and English where it does not, at the same address.

Learner records (enrolment, progress) always point at the English page of a course or lesson,
so progress made in Khmer and in English is the same progress (see `courses.localization`).

The pages hold content only. What a learner does on them (searching the catalogue, enrolling,
answering a quiz) is handled by `courses.views`, which `courses.wagtail_hooks` puts in front of
Wagtail's page serving; toolkits are closed there too.
"""

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from courses.blocks import LessonBodyBlock, QuizBlock, ToolkitBodyBlock
from courses.choices import AudienceCode, DeliveryMode, Topic

DEFAULT_QUIZ_PASS_MARK = 70


class Audience(models.Model):
    """Who a course is for; a short fixed list created by a migration."""

    code = models.CharField(max_length=20, choices=AudienceCode.choices, unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self):
        return str(self.get_code_display())


class RoutedPage:
    """Page privacy in one query, or none, for a page found by courses.routing.

    Wagtail's check reads the page's ancestors again, then the source of each alias one query at a
    time (a Khmer lesson in an untranslated course has four aliases above it). The routing read
    the ancestors already, and whether the site has any private page at all. The restrictions that
    apply are those of the page and its ancestors, an alias taking its source's (and the source's
    own source, when the source is an alias too).
    """

    def get_view_restrictions(self):
        ancestors = getattr(self, "route_ancestors", None)
        if ancestors is None:
            return super().get_view_restrictions()
        if not self.site_has_private_pages:
            return PageViewRestriction.objects.none()
        ids = {page.alias_of_id or page.pk for page in [*ancestors, self]}
        sources_of_aliases = Page.objects.filter(pk__in=ids, alias_of__isnull=False).values("alias_of_id")
        return PageViewRestriction.objects.filter(Q(page_id__in=ids) | Q(page_id__in=sources_of_aliases))


class CatalogueIndexPage(RoutedPage, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page", "courses.HomePage"]
    subpage_types = ["courses.ProgrammePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalogue")


class ProgrammePage(RoutedPage, Page):
    """A curriculum or learning path: its courses are the child pages, in the order shown."""

    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(
        _("about this programme"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"]
    )
    sequential = models.BooleanField(
        _("take the courses in order"),
        default=False,
        help_text=_("Each course then needs the one before it to be completed first."),
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body"), FieldPanel("sequential")]
    parent_page_types = ["courses.CatalogueIndexPage"]
    subpage_types = ["courses.CoursePage"]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        verbose_name = _("programme")

    def courses(self):
        return CoursePage.objects.child_of(self).live().specific().order_by("path")


class CoursePage(RoutedPage, Page):
    summary = models.TextField(_("summary"))
    audiences = ParentalManyToManyField(Audience, verbose_name=_("for"), related_name="courses", blank=True)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    delivery_mode = models.CharField(
        _("delivery"), max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.SELF_PACED
    )
    duration_minutes = models.PositiveIntegerField(_("expected duration (minutes)"), default=30)
    required_for = ParentalManyToManyField(
        Audience, verbose_name=_("required for"), related_name="required_courses", blank=True
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: the certificate does not expire."),
    )
    self_enrolment = models.BooleanField(
        _("open for self-enrolment"), default=True, help_text=_("Learners may enrol themselves.")
    )
    prerequisites = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name=_("courses to complete first")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("topic"),
                FieldPanel("delivery_mode"),
                FieldPanel("duration_minutes"),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("About the course"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("self_enrolment"),
                FieldPanel("prerequisites"),
                FieldPanel("required_for", widget=forms.CheckboxSelectMultiple),
                FieldPanel("certificate_validity_months"),
            ],
            heading=_("Enrolment and certificate"),
        ),
    ]
    parent_page_types = ["courses.ProgrammePage"]
    subpage_types = ["courses.LessonPage"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("topic"),
        index.FilterField("delivery_mode"),
        index.FilterField("locale_id"),
    ]

    class Meta:
        verbose_name = _("course")

    def lessons(self):
        return LessonPage.objects.child_of(self).live().specific().order_by("path")


class LessonPage(RoutedPage, Page):
    body = StreamField(LessonBodyBlock(), verbose_name=_("lesson"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=10)
    required = models.BooleanField(
        _("required to complete the course"), default=True, help_text=_("Optional lessons do not count.")
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        null=True,
        blank=True,
        help_text=_(
            "The score needed to complete the lesson. Empty: 70 out of 100 for the quiz; for an H5P exercise, "
            "the exercise's own pass or fail."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("duration_minutes"),
        FieldPanel("required"),
        FieldPanel("pass_mark"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    @property
    def quizzes(self):
        """(block id, quiz value) of each quiz in the lesson, in order."""
        return [(child.id, child.value) for child in self.body if isinstance(child.block, QuizBlock)]

    @property
    def has_quiz(self) -> bool:
        return bool(self.quizzes)

    @property
    def has_h5p(self) -> bool:
        return any(child.block_type == "h5p" for child in self.body)

    @property
    def quiz_pass_mark(self) -> int:
        return DEFAULT_QUIZ_PASS_MARK if self.pass_mark is None else self.pass_mark


class ToolkitIndexPage(RoutedPage, Page):
    """Restricted resources for the union contact group, trainers and programme staff."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page", "courses.HomePage"]
    subpage_types = ["courses.ToolkitPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("toolkit index")

    def toolkits(self):
        return ToolkitPage.objects.child_of(self).live().specific().order_by("path")


class ToolkitPage(RoutedPage, Page):
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(ToolkitBodyBlock(), verbose_name=_("contents"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    parent_page_types = ["courses.ToolkitIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("toolkit")
