from django.conf import settings
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.shell import views as shell_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("lms.accounts.urls")),
    path("people/", include("lms.people.urls")),
    path("messages/", include("lms.messaging.urls")),
    path("learning/", include("courses.urls")),
    path("training/", include("seminars.urls")),
    path("h5p/", include("media.urls")),
    path("", include("certification.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("lms.shell.urls")),
]

# Uploaded pictures, audio and video (MEDIA_URL), through one view that allows only the public
# folders, with or without DEBUG. Documents go through Wagtail's view at /documents/, which checks
# collection privacy (restricted toolkits); H5P files through /h5p/.
urlpatterns += [path("uploads/<path:path>", shell_views.public_upload, name="public_upload")]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()

# Wagtail serves the catalogue pages; it must come last.
urlpatterns += [path("", include(wagtail_urls))]
