from django.urls import path

import lms.converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "courses"

urlpatterns = [
    path("enrol/<id:course_id>/", views.enrol, name="enrol"),
    path("xapi/<id:lesson_id>/", views.xapi_statement, name="xapi_statement"),
]
