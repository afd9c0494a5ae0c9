from django import template
from django.core.cache import cache

from courses.models import CatalogueIndexPage

register = template.Library()


@register.simple_tag
def catalogue_url() -> str:
    """Address of the course catalogue (the same in every language), cached for a few minutes."""
    url = cache.get("sala:catalogue-url")
    if url is None:
        page = CatalogueIndexPage.objects.live().first()
        url = page.url if page else ""
        cache.set("sala:catalogue-url", url, 300)
    return url


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def quiz_results(result, quiz_id):
    """question number → QuestionResult for one quiz block, after the learner submitted."""
    return result.for_quiz(quiz_id) if result else {}


@register.filter
def right_answer_count(question) -> int:
    """How many answers are right: one gives radio buttons, several give checkboxes."""
    return sum(1 for answer in question["answers"] if answer["correct"])
