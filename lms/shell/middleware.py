"""Headers every response of the site gets right, whichever view made it.

- A response that shared caches may keep carries no cookie, and a response that sets a cookie is
  never kept by shared caches: otherwise a proxy could hand one person's session or CSRF cookie
  (or the deletion of an expired one, which signs people out) to everybody who asks next.
- Every page carries a Content-Security-Policy (django-csp): Sala's strict one, or under the
  Wagtail admin the admin's own, which needs a little more.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils.cache import cc_delim_re, patch_cache_control

ADMIN_PREFIX = "/admin/"  # where lms/urls.py mounts the Wagtail admin
# Directives that let a shared cache (a proxy, a CDN) store a response for everybody.
SHARED_CACHE_DIRECTIVES = ("public", "s-maxage")


def is_shared_cacheable(response) -> bool:
    directives = (
        field.split("=", 1)[0].strip().lower() for field in cc_delim_re.split(response.get("Cache-Control", ""))
    )
    return any(directive in SHARED_CACHE_DIRECTIVES for directive in directives)


class NoCookiesInSharedCacheMiddleware:
    """Strips cookies from responses shared caches may keep; keeps the rest out of shared caches.

    It must sit above SessionMiddleware, LocaleMiddleware and CsrfViewMiddleware in MIDDLEWARE, so
    that it sees the cookies they add on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_shared_cacheable(response):
            # The file is the same for everyone; a session refresh, a new CSRF token or the
            # deletion of a stale cookie belongs to one visitor only. Vary: Cookie may stay.
            response.cookies.clear()
        elif response.cookies:
            patch_cache_control(response, private=True)
        return response


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp with Sala's policy, plus SALA_ADMIN_CSP_UPDATE on the Wagtail admin's pages.

    Like django-csp itself, it never replaces a Content-Security-Policy a view has set (H5P files
    and the player's page set their own, stricter ones).
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.update is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = settings.SALA_ADMIN_CSP_UPDATE
        return parts
