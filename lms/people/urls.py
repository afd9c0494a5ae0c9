from django.urls import path

import lms.converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("<id:pk>/", views.person_detail, name="person_detail"),
    path("roster/import/", views.roster_import_view, name="roster_import"),
    path("roster/template/", views.roster_template, name="roster_template"),
    path("roster/export/", views.roster_export, name="roster_export"),
]
