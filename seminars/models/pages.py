"""Industry seminars as Wagtail pages: a seminars index, and one page per seminar series.

Programme staff edit and translate them like the catalogue (wagtail-localize keeps the Khmer and
Chinese trees). The dated sessions of a series are `Session` records that point at the English
page, so a session scheduled once shows on the page in every language.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from courses.models import RoutedPage
from lms.people.choices import Language


class SeminarIndexPage(RoutedPage, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["seminars.SeminarPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("seminars index")

    def seminars(self):
        return SeminarPage.objects.child_of(self).live().specific().order_by("path")


class SeminarPage(RoutedPage, Page):
    """A seminar series: what it is for, who it is for, its language; its sessions are dated."""

    summary = models.TextField(_("summary"))
    body = RichTextField(_("what it is for"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])
    audiences = ParentalManyToManyField("courses.Audience", verbose_name=_("for"), related_name="seminars", blank=True)
    language = models.CharField(_("language of the seminar"), max_length=8, choices=Language.choices, default="km")
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course it completes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Attending a session of this seminar completes this course (and its certificate follows)."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("language"),
                FieldPanel("course"),
            ],
            heading=_("About the seminar"),
        ),
    ]
    parent_page_types = ["seminars.SeminarIndexPage"]
    subpage_types = []
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        verbose_name = _("seminar")
