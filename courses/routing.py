"""Finding the page an address names in two queries, whatever its depth.

Wagtail finds a page one level at a time: the site, the locale, the site root in the reader's
language, then for each level the child with that slug and its specific fields. A Khmer lesson
took 11 queries before the lesson view started. But a page's address is its `url_path` below the
site root of the reader's language; Wagtail keeps `url_path` right whenever a page is renamed or
moved, and keeps the site roots of every language in the cache (Site.get_site_root_paths). So the
page and every page above it are one query, and the page's own fields a second.

The result goes where Wagtail keeps the route of a request (Page.route_for_request caches it on
the request), and Wagtail then serves the page as usual: its hooks, page privacy and our views.
Whatever is out of the ordinary (the site root itself, a page with routing of its own, a root not
translated or not live, no page at that address) is left to Wagtail's own routing unchanged.

The site of a request is kept in the cache too, by host name and port, until a site changes.
"""

from django.core.cache import cache
from django.db.models import Exists
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http.request import split_domain_port
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

SITES_CACHE_KEY = "sala:sites-by-host"
SITES_CACHE_SECONDS = 3600
MAX_CACHED_HOSTS = 50

# Page.route_for_request keeps the route of a request in this attribute and reads it from there.
_WAGTAIL_ROUTE_ATTRIBUTE = "_wagtail_route_for_request"
_WAGTAIL_SITE_ATTRIBUTE = "_wagtail_site"


class PageRouteMiddleware:
    """Routes requests for Wagtail's pages with `page_route` before Wagtail's view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_views.serve and view_args and not hasattr(request, _WAGTAIL_ROUTE_ATTRIBUTE):
            route = page_route(request, view_args[0])
            if route is not UNDECIDED:
                setattr(request, _WAGTAIL_ROUTE_ATTRIBUTE, route)
        return None


UNDECIDED = object()  # left to Wagtail's own routing


def page_route(request, path: str):
    """The RouteResult for the page at `path` (None: no live page there, Wagtail answers 404), or
    UNDECIDED when Wagtail's own routing must decide."""
    site = site_for_request(request)
    components = [component for component in path.split("/") if component]
    if site is None or not components:
        return UNDECIDED
    root_path = _root_path(site)
    if root_path is None:
        return UNDECIDED
    paths = [root_path]
    for component in components:
        paths.append(f"{paths[-1]}{component}/")
    slugs = {root_path.rstrip("/").rsplit("/", 1)[-1], *components}
    # Whether any page of the site is private rides along, so that page privacy costs a query only
    # on sites that use it (see courses.models.pages.RoutedPage).
    pages = Page.objects.filter(slug__in=slugs, url_path__in=paths).annotate(
        site_has_private_pages=Exists(PageViewRestriction.objects.all())
    )
    found = {page.url_path: page for page in pages}
    if len(found) != len(paths):
        return UNDECIDED
    chain = [found[url_path] for url_path in paths]
    if not chain[0].live or any(_routes_itself(page) for page in chain):
        return UNDECIDED
    if not chain[-1].live:
        return None  # what Wagtail answers for a page that is not live: 404
    page = chain[-1].specific
    # Treebeard's get_parent() reads _cached_parent_obj, as after Wagtail's own routing.
    for parent, child in zip(chain[:-1], [*chain[1:-1], page], strict=True):
        child._cached_parent_obj = parent
    # Read by the page's privacy check (courses.models.pages.RoutedPage): the site root first.
    page.route_ancestors = chain[:-1]
    page.site_has_private_pages = chain[-1].site_has_private_pages
    return RouteResult(page)


def _routes_itself(page: Page) -> bool:
    """Whether the page's class routes on its own (RoutablePageMixin and the like)."""
    specific_class = page.specific_class
    return specific_class is None or specific_class.route is not Page.route


def _root_path(site: Site) -> str | None:
    """The url_path of the site's root page in the active language, as Wagtail's routing picks it
    (Page.localized), or None when only Wagtail can tell (no root in that language)."""
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return None
    roots = [
        root.root_path
        for root in Site.get_site_root_paths()
        if root.site_id == site.pk and root.language_code == language
    ]
    return roots[0] if len(roots) == 1 else None


def site_for_request(request) -> Site | None:
    """Site.find_for_request, kept in the cache by host name and port (the site's root page is read
    only if somebody asks for it)."""
    if hasattr(request, _WAGTAIL_SITE_ATTRIBUTE):
        return getattr(request, _WAGTAIL_SITE_ATTRIBUTE)
    host = (split_domain_port(request.get_host())[0], request.get_port())
    sites = cache.get(SITES_CACHE_KEY) or {}
    if host in sites:
        site = sites[host]
        setattr(request, _WAGTAIL_SITE_ATTRIBUTE, site)
        return site
    site = Site.find_for_request(request)
    if len(sites) >= MAX_CACHED_HOSTS:  # whatever a client sends as its port, the entry stays small
        sites = {}
    cache.set(SITES_CACHE_KEY, {**sites, host: _without_root_page(site)}, SITES_CACHE_SECONDS)
    return site


def _without_root_page(site: Site | None) -> Site | None:
    """A copy of the site to keep: its root page is read again by whoever needs it, never stale."""
    if site is None:
        return None
    kept = Site(**{field.attname: getattr(site, field.attname) for field in Site._meta.concrete_fields})
    kept._state.adding, kept._state.db = False, site._state.db
    return kept


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def _sites_changed(**kwargs):
    cache.delete(SITES_CACHE_KEY)
