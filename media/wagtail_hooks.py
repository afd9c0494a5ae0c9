"""H5P packages in the admin: a list with title, main library and language, an upload form that
validates the package, and a chooser for the lesson's H5P block."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import H5PPackage
from .services import h5p_package_import
from .validation import InvalidPackage


class H5PPackageForm(WagtailAdminModelForm):
    """Uploading creates the package from the file; editing only renames it."""

    file = forms.FileField(
        label=_("H5P package (.h5p)"), required=False, widget=forms.FileInput(attrs={"accept": ".h5p"})
    )

    class Meta:
        model = H5PPackage
        fields = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        creating = not self.instance.pk
        self.fields["file"].required = creating
        self.fields["title"].required = not creating
        self.fields["title"].help_text = _("Leave empty to use the title inside the package.") if creating else ""
        if not creating:
            del self.fields["file"]

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload and not self.errors:
            try:
                self.imported = h5p_package_import(fileobj=upload, size=upload.size, uploaded_by=self.for_user)
            except InvalidPackage as error:
                self.add_error("file", error.message)
        return data

    def save(self, commit=True):
        if self.instance.pk:
            return super().save(commit=commit)
        package = self.imported
        if self.cleaned_data.get("title"):
            package.title = self.cleaned_data["title"]
            package.save(update_fields=["title"])
        self.instance = package
        return package


class H5PPackageViewSet(SnippetViewSet):
    model = H5PPackage
    icon = "pick"
    menu_label = _("H5P packages")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "main_library", "language", "uploaded_at"]
    list_filter = ["language"]
    search_fields = ["title"]
    edit_handler = ObjectList([FieldPanel("file"), FieldPanel("title")], base_form_class=H5PPackageForm)


register_snippet(H5PPackageViewSet)
