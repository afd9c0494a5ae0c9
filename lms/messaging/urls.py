from django.urls import path

import lms.converters  # noqa: F401  (registers <id:…>)

from . import views
from .telegram_views import telegram_link, telegram_unlink, telegram_webhook

app_name = "messaging"

urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("<id:pk>/", views.message_view, name="message"),
    path("preferences/", views.preferences_view, name="preferences"),
    path("broadcast/", views.broadcast_view, name="broadcast"),
    path("broadcast/<id:pk>/", views.broadcast_detail, name="broadcast_detail"),
    path("log/", views.delivery_log_view, name="delivery_log"),
    path("log/<id:pk>/resend/", views.delivery_resend_view, name="delivery_resend"),
    path("telegram/", telegram_link, name="telegram_link"),
    path("telegram/unlink/", telegram_unlink, name="telegram_unlink"),
    path("telegram/webhook/", telegram_webhook, name="telegram_webhook"),
]
