from django.urls import path, re_path

from . import views

app_name = "media"

urlpatterns = [
    re_path(r"^play/(?P<folder>[0-9a-f]{32})/$", views.h5p_player, name="h5p_player"),
    path("<path:path>", views.h5p_file, name="h5p_file"),
]
