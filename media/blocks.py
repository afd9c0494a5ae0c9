from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class H5PBlock(blocks.StructBlock):
    """An interactive H5P exercise, played by h5p-standalone in the learner's browser."""

    package = SnippetChooserBlock("media.H5PPackage", label=_("H5P package"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "pick"
        label = _("Interactive exercise (H5P)")
        template = "media/blocks/h5p.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["files_url"] = settings.SALA_H5P_FILES_URL
        return context
