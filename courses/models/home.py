"""The site's home page: the root of the page tree, above the course catalogue and the toolkits.

Programme staff edit its title, a short introduction and the links it offers, in English first and
then in Khmer and Chinese like every other page. People who sign in see them on their start page
(courses.wagtail_hooks adds them as a panel); the page itself is what the admin previews.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page


def link_address_validate(value: str) -> None:
    """A path on this site (/training/), which works at whatever address the site is served, or a
    full web address elsewhere."""
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            _("Enter a full address (https://…) or a path on this site that starts with /, such as /training/.")
        ) from None


class HomeLinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Link text"))
    page = blocks.PageChooserBlock(required=False, label=_("Page on this site"))
    # Not a URLBlock: that accepts only full addresses, and a screen of this site that is not a page
    # (the training sessions) is linked by its path, so that the link works wherever the site runs.
    url = blocks.CharBlock(
        required=False, max_length=500, validators=[link_address_validate], label=_("Or an address elsewhere")
    )

    class Meta:
        icon = "link"
        label = _("Link")


class HomePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"], verbose_name=_("introduction"))
    links = StreamField([("link", HomeLinkBlock())], blank=True, verbose_name=_("links"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("links")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CatalogueIndexPage", "courses.ToolkitIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def link_items(self) -> list[dict]:
        """The links in the reader's language: a chosen page is shown in the reader's language."""
        items = []
        for link in self.links:
            page = link.value["page"]
            if page is not None:
                page = page.localized
                url = page.url if page.live else None
            else:
                url = link.value["url"] or None
            if url:
                items.append({"text": link.value["text"], "url": url})
        return items
