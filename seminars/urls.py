"""Training sessions under /training/: each screen's routes live beside its views."""

from .views import attendance, calendar, evaluation, registration, reports, sessions

app_name = "seminars"

urlpatterns = [
    *sessions.urlpatterns,
    *registration.urlpatterns,
    *evaluation.urlpatterns,
    *attendance.urlpatterns,
    *calendar.urlpatterns,
    *reports.urlpatterns,
]
