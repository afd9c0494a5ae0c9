from django.contrib.auth import views as auth_views
from django.urls import path

import lms.converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("activate/", views.activate, name="activate"),
    path("pin/", views.pin_change, name="pin_change"),
    path("login-cards/", views.login_cards, name="login_cards"),
    path("login-cards/<slug:batch>/", views.login_card_batch, name="login_card_batch"),
    path("unlock/<id:pk>/", views.unlock, name="unlock"),
]
