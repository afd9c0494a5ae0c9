"""Interactive H5P packages and the libraries they run on.

A package is checked (validation.py) and unpacked by services.h5p_package_import: its h5p.json and
content/ go to a folder of its own, `h5p/packages/<folder>/`; each library goes once to
`h5p/libraries/<Name-major.minor>/`, shared by every package that uses that version. Learners'
browsers fetch those files through media.views.h5p_file, or from SALA_H5P_FILES_URL.
This app knows nothing of learners: results are recorded by courses.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

PACKAGES_DIR = "h5p/packages"
LIBRARIES_DIR = "h5p/libraries"
# The group that holds the right to upload packages (created by a migration).
H5P_UPLOADERS = "H5P uploaders"


class H5PLibrary(models.Model):
    machine_name = models.CharField(max_length=127)
    major_version = models.PositiveSmallIntegerField()
    minor_version = models.PositiveSmallIntegerField()
    stored_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")
        constraints = [
            models.UniqueConstraint(fields=["machine_name", "major_version", "minor_version"], name="h5p_library_once")
        ]

    def __str__(self):
        return f"{self.machine_name} {self.major_version}.{self.minor_version}"

    @property
    def folder(self) -> str:
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"


def _new_folder() -> str:
    return uuid.uuid4().hex


class H5PPackage(index.Indexed, models.Model):
    title = models.CharField(_("title"), max_length=255)
    main_library = models.CharField(_("main library"), max_length=140)
    language = models.CharField(_("language"), max_length=10, blank=True)
    folder = models.CharField(max_length=32, unique=True, default=_new_folder, editable=False)
    h5p_json = models.JSONField(default=dict, editable=False)
    libraries = models.ManyToManyField(H5PLibrary, related_name="packages", editable=False)
    file_size = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    search_fields = [index.SearchField("title"), index.AutocompleteField("title"), index.FilterField("main_library")]

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("H5P package")
        verbose_name_plural = _("H5P packages")
        # "add" is the dedicated right to upload packages, held by the "H5P uploaders" group only:
        # their JavaScript runs in learners' browsers.

    def __str__(self):
        return self.title

    @property
    def storage_path(self) -> str:
        return f"{PACKAGES_DIR}/{self.folder}"
