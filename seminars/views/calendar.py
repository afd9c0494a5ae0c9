"""Training screens: the person's calendar feed — its private address, resetting it, and the feed
itself, which calendar apps fetch without signing in (seminars.ical)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ..ical import calendar_feed_of, calendar_feed_reset, calendar_ics, feed_addresses, person_from_feed_token


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    """The person's feed address, to add to their phone's calendar; POST gives a new address."""
    if request.method == "POST":
        calendar_feed_reset(person=request.user)
        messages.success(
            request,
            _("Your calendar has a new address. The old one no longer works: add the new one to your calendar."),
        )
        return redirect("seminars:calendar")
    feed = calendar_feed_of(request.user)
    return render(request, "seminars/calendar.html", {"addresses": feed_addresses(feed)})


@require_GET
def calendar_feed(request, token: str):
    """The feed of the person whose token this is; any other token is a 404 (no sign-in: the
    token is the key)."""
    person = person_from_feed_token(token)
    if person is None:
        raise Http404
    response = HttpResponse(calendar_ics(person), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sala-training.ics"'
    # The address is a secret: no shared cache keeps the feed.
    response["Cache-Control"] = "private, no-cache"
    return response


urlpatterns = [
    path("calendar/", calendar, name="calendar"),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
]
