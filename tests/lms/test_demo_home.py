"""The demo's home page: what programme staff would write there, in English, Khmer and Chinese."""

import pytest
from wagtail.models import Locale

from courses.factories import CatalogueIndexPageFactory
from courses.models import HomePage
from lms.demo.home import demo_home_create
from lms.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

KM = {"HTTP_ACCEPT_LANGUAGE": "km"}


def home_in(language_code: str) -> HomePage:
    return HomePage.objects.get(depth=2, locale=Locale.objects.get(language_code=language_code))


def test_a_khmer_worker_reads_the_demo_home_page_in_khmer_with_its_links(client):
    """A Khmer worker's start page opens on the home page's Khmer words, linking to the Khmer catalogue and training."""
    catalogue = CatalogueIndexPageFactory()
    assert demo_home_create()
    client.force_login(PersonFactory(preferred_language="km"))

    page = client.get("/", **KM).content.decode()

    assert "ស្វែងរកវគ្គសិក្សា" in page and "រៀននៅលើទូរស័ព្ទរបស់អ្នក" in page
    assert "Find a course" not in page and "Learn on your phone" not in page
    assert f'href="{catalogue.get_translation(Locale.objects.get(language_code="km")).url}"' in page
    assert '/training/"' in page


def test_the_demo_home_page_is_titled_in_each_language_in_the_page_tree():
    """Editors find the site's home page named Sala (សាលា in Khmer) in the page tree, translated, not an English copy."""
    CatalogueIndexPageFactory()
    demo_home_create()

    assert home_in("en").title == "Sala" and "garment factories" in home_in("en").intro
    khmer, chinese = home_in("km"), home_in("zh-hans")
    assert khmer.title == "សាលា" and khmer.alias_of_id is None and "រោងចក្រកាត់ដេរ" in khmer.intro
    assert chinese.alias_of_id is None and "制衣厂" in chinese.intro


def test_the_demo_leaves_a_home_page_staff_wrote_alone():
    """Seeding the demo again never overwrites the home page programme staff wrote."""
    home = home_in("en")
    home.intro = "<p>Our own words.</p>"
    home.save_revision().publish()

    assert demo_home_create() is False
    assert home_in("en").intro == "<p>Our own words.</p>"
