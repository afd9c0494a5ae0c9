"""The start page each kind of user lands on, the language switcher, health and public uploads."""

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lms.people.permissions import is_programme_wide, user_can_manage_people

from .health import cache_status, database_status
from .uploads import public_upload_response


def home(request):
    user = request.user
    return render(
        request,
        "shell/home.html",
        {
            "can_manage_people": user_can_manage_people(user),
            "is_programme_wide": is_programme_wide(user),
        },
    )


@require_POST
def language_set(request):
    """Switch the interface language; a signed-in person keeps it as their preference."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    # Only Sala's own languages: Django knows many more, and a preference must be one we speak.
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated and request.user.preferred_language != language:
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


@never_cache
@require_GET
def health(request):
    """For load balancers: 200 when the database and cache answer, 503 otherwise."""
    statuses = [database_status(), cache_status()]
    healthy = all(status.ok for status in statuses)
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "services": {s.name: s.ok for s in statuses}},
        status=200 if healthy else 503,
    )


@require_GET
def public_upload(request, path: str):
    """A picture, audio or video file from the public upload folders; 404 for anything else."""
    return public_upload_response(path)
