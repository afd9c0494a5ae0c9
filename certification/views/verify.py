"""The public verify page: anyone, signed in or not, checks a certificate by the code under its QR.

It is small (its own few lines of CSS, no script) because it is opened on slow phones from a QR
reader; it shows the state in large words, the holder's name, the course and the dates, and
nothing else personal. Lookups are counted per address in fixed windows of the clock, in the cache
(add/incr: atomic on Redis, shared by every process), so nobody walks through codes; a refused
address is told until when. Never kept by shared caches: a revocation shows at once.
"""

import dataclasses
import datetime
import math

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from lms.accounts.backends import client_address

from ..codes import code_display, code_normalised
from ..forms import VerifyCodeForm
from ..selectors import certificate_verified

THROTTLE_PREFIX = "sala:verify-address"


@dataclasses.dataclass(frozen=True)
class LookupWindow:
    number: int
    ends_at: datetime.datetime
    timeout: int  # seconds to keep its count: to its end, and a minute for clocks that differ


def _window(now: datetime.datetime) -> LookupWindow:
    size = settings.SALA_VERIFY_WINDOW_MINUTES * 60
    number = int(now.timestamp()) // size
    ends_at = datetime.datetime.fromtimestamp((number + 1) * size, tz=datetime.UTC)
    return LookupWindow(number=number, ends_at=ends_at, timeout=math.ceil((ends_at - now).total_seconds()) + 60)


def lookup_refused_until(request) -> datetime.datetime | None:
    """Count one lookup from the request's address; when its refusal ends once it is over the limit."""
    window = _window(timezone.now())
    key = f"{THROTTLE_PREFIX}:{window.number}:{client_address(request)}"
    cache.add(key, 0, timeout=window.timeout)  # atomic: only the first lookup of the window creates it
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window.timeout)
        count = 1
    return window.ends_at if count > settings.SALA_VERIFY_MAX_LOOKUPS else None


def _page(request, template: str, context: dict, *, status: int = 200):
    response = render(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex"
    add_never_cache_headers(response)
    return response


def _refused(request, until: datetime.datetime):
    response = _page(request, "certification/verify_refused.html", {"until": until}, status=429)
    response["Retry-After"] = str(max(1, math.ceil((until - timezone.now()).total_seconds())))
    return response


def _not_found(request):
    return _page(request, "certification/verify_not_found.html", {"form": VerifyCodeForm()}, status=404)


@require_GET
def verify(request, code: str):
    """The certificate's state, holder, course and dates; 404 for a code that is none."""
    normalised = code_normalised(code)
    if normalised is not None and code != code_display(normalised):
        # Typed in small letters or without the dash: one address per certificate.
        return redirect("certificate_verify", code=code_display(normalised))
    until = lookup_refused_until(request)
    if until is not None:
        return _refused(request, until)
    certificate = certificate_verified(code=normalised) if normalised else None
    if certificate is None:
        return _not_found(request)
    return _page(request, "certification/verify.html", {"certificate": certificate})


@require_GET
def verify_form(request):
    """A box to type the code in, for someone with the paper and no QR reader."""
    if "code" not in request.GET:
        return _page(request, "certification/verify_form.html", {"form": VerifyCodeForm()})
    form = VerifyCodeForm(request.GET)
    if form.is_valid():
        return redirect("certificate_verify", code=code_display(form.cleaned_data["code"]))
    # A wrong code is a lookup too: typing codes in the box is no way round the limit.
    until = lookup_refused_until(request)
    if until is not None:
        return _refused(request, until)
    return _page(request, "certification/verify_form.html", {"form": form})


urlpatterns = [
    path("verify/", verify_form, name="certificate_verify_form"),
    # Any path, so that a code with a slash in it gets the same plain "not found" as any other.
    path("verify/<path:code>/", verify, name="certificate_verify"),
]
