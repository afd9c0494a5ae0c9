"""{{ department|local_name }}: a factory's or department's name in the reader's language."""

from django import template

from lms.people.names import local_name_of

register = template.Library()


@register.filter
def local_name(thing) -> str:
    return local_name_of(thing)
