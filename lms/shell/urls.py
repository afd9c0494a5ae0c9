from django.urls import path

import lms.converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "shell"

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.language_set, name="language_set"),
    path("health/", views.health, name="health"),
    # Under /learning/ beside the courses app's own addresses, as learners and HR have always had them.
    path("learning/", views.my_learning, name="my_learning"),
    path("learning/factory/", views.factory_report, name="factory_report"),
    path("learning/factory/export/", views.factory_report_export, name="factory_report_export"),
    path("learning/factory/enrol/", views.bulk_enrol, name="bulk_enrol"),
    path("learning/factory/exports/", views.export_job_create, name="export_job_create"),
    path("learning/factory/exports/<id:pk>/", views.export_job, name="export_job"),
    path("learning/factory/exports/<id:pk>/download/", views.export_job_download, name="export_job_download"),
]
