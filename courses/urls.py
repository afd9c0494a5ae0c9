from django.urls import path

import lms.converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.my_learning_view, name="my_learning"),
    path("enrol/<id:course_id>/", views.enrol, name="enrol"),
    path("xapi/<id:lesson_id>/", views.xapi_statement, name="xapi_statement"),
    path("factory/", views.factory_report, name="factory_report"),
    path("factory/export/", views.factory_report_export, name="factory_report_export"),
    path("factory/enrol/", views.bulk_enrol, name="bulk_enrol"),
]
