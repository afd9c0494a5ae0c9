from django.urls import path

from . import views

app_name = "media"

urlpatterns = [path("<path:path>", views.h5p_file, name="h5p_file")]
