"""Demo home page: the words programme staff would write on the site's home page (the root of the
page tree), in English with its Khmer and Chinese translations, linking to the course catalogue and
the training sessions. Signed-in people read it at the top of their start page."""

from django.urls import reverse

from courses.factories import page_translate, site_root, translations_sync
from courses.models import CatalogueIndexPage, HomePage

WORDS = {
    "en": {
        "title": "Sala",
        "intro": (
            "<p>Short courses on safety, rights and everyday life at work, for everyone in Cambodia's "
            "garment factories. Learn on your phone, in your language, at your own pace.</p>"
        ),
        "courses": "Find a course",
        "training": "Training sessions",
    },
    "km": {
        "title": "សាលា",
        "intro": (
            "<p>វគ្គសិក្សាខ្លីៗអំពីសុវត្ថិភាព សិទ្ធិ និងជីវិតប្រចាំថ្ងៃនៅកន្លែងធ្វើការ សម្រាប់មនុស្សគ្រប់គ្នា"
            "ក្នុងរោងចក្រកាត់ដេរនៅកម្ពុជា។ រៀននៅលើទូរស័ព្ទរបស់អ្នក ជាភាសារបស់អ្នក តាមល្បឿនរបស់អ្នក។</p>"
        ),
        "courses": "ស្វែងរកវគ្គសិក្សា",
        "training": "វគ្គបណ្តុះបណ្តាល",
    },
    "zh-hans": {
        "title": "Sala",
        "intro": "<p>为柬埔寨制衣厂的每一个人提供关于安全、权利和日常工作生活的短期课程。用手机、用您的语言、按您的节奏学习。</p>",
        "courses": "查找课程",
        "training": "培训课程",
    },
}


def demo_home_create() -> bool:
    """Write the home page's title, introduction and links in every language, unless staff wrote
    some already; True when it did."""
    home = site_root().specific
    if not isinstance(home, HomePage) or home.intro or home.links:
        return False
    catalogue = CatalogueIndexPage.objects.filter(locale_id=home.locale_id).first()
    # A path, not a full address: the link works wherever the site is served.
    training = reverse("seminars:sessions")
    home.title = WORDS["en"]["title"]
    home.draft_title = home.title
    home.intro = WORDS["en"]["intro"]
    home.links = _links(WORDS["en"], catalogue, training)
    home.save_revision().publish()
    translations_sync()
    for language_code in ("km", "zh-hans"):
        words = WORDS[language_code]
        page_translate(
            home, language_code, title=words["title"], intro=words["intro"], links=_links(words, catalogue, training)
        )
    return True


def _links(words: dict, catalogue: CatalogueIndexPage | None, training: str) -> list:
    """The catalogue link names the English page: the reader is sent to the page in their language."""
    links = []
    if catalogue is not None:
        links.append(("link", {"text": words["courses"], "page": catalogue, "url": ""}))
    links.append(("link", {"text": words["training"], "page": None, "url": training}))
    return links
