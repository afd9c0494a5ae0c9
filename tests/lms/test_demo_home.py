"""The demo's home page: what programme staff would write there, in English, Khmer and Chinese."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
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


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000", ALLOWED_HOSTS=["sala.example.org"])
def test_the_training_link_works_wherever_the_site_is_served(client):
    """The home page leads to the training sessions on the site it is read on, not on the address the
    demo was seeded with."""
    CatalogueIndexPageFactory()
    demo_home_create()
    client.force_login(PersonFactory())

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="sala.example.org").content.decode()

    assert 'href="/training/"' in page and "127.0.0.1:8000" not in page


def test_editors_can_publish_the_demo_home_page_with_its_links_unchanged():
    """Programme staff who edit the demo's home page can save it: its links pass the admin's checks."""
    CatalogueIndexPageFactory()
    demo_home_create()
    for language_code in ("en", "km"):
        links = home_in(language_code).links
        links.stream_block.clean(links)  # what the admin's form runs on saving


@pytest.mark.parametrize(
    ("address", "accepted"),
    [("/training/", True), ("https://www.ilo.org/", True), ("training/", False), ("//elsewhere.example/", False)],
)
def test_a_home_link_is_a_path_on_this_site_or_a_full_address(address, accepted):
    """An editor may link to a screen of this site by its path, or to another site by its full address."""
    block = HomePage.links.field.stream_block.child_blocks["link"]
    value = {"text": "Training", "page": None, "url": address}
    if accepted:
        block.clean(block.to_python(value))
    else:
        with pytest.raises(ValidationError):
            block.clean(block.to_python(value))
