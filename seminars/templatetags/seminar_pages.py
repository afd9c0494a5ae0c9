"""The sessions the seminar pages show: {% upcoming_sessions_of page as upcoming %} and
{% seminars_of index as seminars %} (see seminars.upcoming)."""

from django import template

from ..upcoming import seminars_with_next_session, sessions_shown

register = template.Library()


@register.simple_tag
def upcoming_sessions_of(page):
    """The next sessions of a seminar page, in any language."""
    return sessions_shown(seminar=page)


@register.simple_tag
def seminars_of(index):
    """Each seminar of a seminars index with its next session's start and how many are coming."""
    return seminars_with_next_session(index)
