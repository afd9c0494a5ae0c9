"""What the frame of every page needs: the language switcher, and the links each role may open.

The header's menu and the home page's cards show the same links, each one only to whoever may
open it, decided by the permission functions of the app that owns the screen. They are worked
out once per request, and only when a template reads them."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from certification.permissions import user_can_read_register
from courses.localization import active_locale_id
from courses.models import ToolkitIndexPage
from courses.permissions import user_can_view_toolkits
from courses.templatetags.learning import catalogue_url
from lms.messaging.audiences import user_can_broadcast
from lms.people.choices import Language
from lms.people.permissions import user_can_manage_people
from seminars.permissions import user_can_read_training_days

TOOLKITS_URL_SECONDS = 300
# The links every signed-in person has; any other is a screen of the person's role.
LEARNER_LINKS = {"courses", "my_learning", "training", "messages"}


@dataclass(frozen=True)
class RoleLink:
    key: str
    url: str
    label: str
    description: str
    # A screen of the person's role (people, records, toolkits…), not one every learner has.
    own: bool = False


def languages(request):
    """The language switcher names each language in its own script (Django calls Khmer "Khmer"),
    and the links of the header's menu and the home page (role_links)."""
    return {
        "SALA_LANGUAGES": Language.choices,
        "role_links": SimpleLazyObject(lambda: role_links(getattr(request, "user", None))),
    }


def toolkits_url() -> str:
    """The toolkits' index page in the reader's language (the first one if it has none), cached."""
    key = f"sala:toolkits-url:{get_language()}"
    url = cache.get(key)
    if url is None:
        pages = ToolkitIndexPage.objects.live()
        page = pages.filter(locale_id=active_locale_id()).first() or pages.first()
        url = page.url if page else ""
        cache.set(key, url, TOOLKITS_URL_SECONDS)
    return url


def _can_view_toolkits(user) -> bool:
    """user_can_view_toolkits, remembered for a few minutes per set of roles: the header is on
    every page, and the answer depends only on the roles and the toolkits' restriction."""
    roles = "|".join(sorted(user.role_names)) + ("|superuser" if user.is_superuser else "")
    key = "sala:toolkits-open:" + hashlib.sha256(roles.encode()).hexdigest()[:16]
    allowed = cache.get(key)
    if allowed is None:
        allowed = user_can_view_toolkits(user)
        cache.set(key, allowed, TOOLKITS_URL_SECONDS)
    return allowed


def role_links(user) -> list[RoleLink]:
    """Every screen this user may open from the menu, most used first: the screens of the user's
    role (HR's people, a union member's toolkits) before the learning every person has."""
    if user is None or not user.is_authenticated:
        return []
    links = []

    def add(key, url, label, description):
        if url:
            links.append(RoleLink(key, url, label, description, own=key not in LEARNER_LINKS))

    add("courses", catalogue_url(), _("Courses"), _("Every course you can take, in your language."))
    add(
        "my_learning",
        reverse("shell:my_learning"),
        _("My learning"),
        _("Your courses, your progress and the next lesson."),
    )
    add("training", reverse("seminars:sessions"), _("Training"), _("Training sessions: dates, places and your seats."))
    add("messages", reverse("messaging:inbox"), _("Messages"), _("Messages from your factory and the programme."))
    if _can_view_toolkits(user):
        add("toolkits", toolkits_url(), _("Toolkits"), _("Guides and documents for your work."))
    if user_can_manage_people(user):
        add(
            "people",
            reverse("people:person_list"),
            _("People"),
            _("Workers on the roster, login cards, import and export."),
        )
        add(
            "records",
            reverse("shell:factory_report"),
            _("Training records"),
            _("Enrol workers in courses and follow their completions."),
        )
    if user_can_read_register(user):
        add(
            "certificates",
            reverse("certificate_register"),
            _("Certificate register"),
            _("Certificates issued, expiring and expired."),
        )
    if user_can_read_training_days(user):
        add("training_days", reverse("seminars:training_days"), _("Training days"), _("Days of training per factory."))
    if user_can_broadcast(user):
        add("broadcast", reverse("messaging:broadcast"), _("Announcements"), _("Write a message to workers."))
    if user.is_staff:
        add("admin", reverse("wagtailadmin_home"), _("Administration"), _("Courses, pages, people and settings."))
    return sorted(links, key=lambda link: not link.own)  # stable: each group keeps its order
