from django.conf import settings
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve as serve_media
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("lms.accounts.urls")),
    path("people/", include("lms.people.urls")),
    path("learning/", include("courses.urls")),
    path("h5p/", include("media.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("lms.dashboards.urls")),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
    # Uploaded pictures and media only: documents are always served through Wagtail's view,
    # which checks collection privacy (restricted toolkits).
    urlpatterns += [
        re_path(r"^uploads/(?P<path>(?!documents/).+)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
    ]

# Wagtail serves the catalogue pages; it must come last.
urlpatterns += [path("", include(wagtail_urls))]
