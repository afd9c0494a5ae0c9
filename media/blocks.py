from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class H5PBlock(blocks.StructBlock):
    """An interactive H5P exercise, played by h5p-standalone in a sandboxed frame of its own."""

    package = SnippetChooserBlock("media.H5PPackage", label=_("H5P package"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "pick"
        label = _("Interactive exercise (H5P)")
        template = "media/blocks/h5p.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        package = value.get("package")
        if package is not None:
            # The player page cannot read the learner's language from the session: it is told.
            query = urlencode({"lang": translation.get_language() or ""})
            context["player_url"] = f"{reverse('media:h5p_player', args=[package.folder])}?{query}"
        return context
