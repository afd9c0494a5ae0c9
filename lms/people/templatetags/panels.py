"""{% panel p %}: render a registered screen panel (lms.people.panels) with the page's request."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def panel(context, panel):
    return panel.render_html(context)
