"""The site's home page: a page programme staff edit, at the root of the catalogue and toolkits."""

from wagtail.models import Site

from courses.factories import page_translate, translations_sync
from courses.models import CatalogueIndexPage, HomePage
from lms.people.factories import PersonFactory

KM = {"HTTP_ACCEPT_LANGUAGE": "km"}


def test_the_site_root_is_a_home_page_not_wagtails_welcome(db):
    """The page tree starts at Sala's home page, not "Welcome to your new Wagtail site!"."""
    root = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(root, HomePage)
    assert "Welcome to your new Wagtail site" not in root.title


def test_the_catalogue_is_under_the_home_page(catalogue):
    """The course catalogue stays under the home page, where editors may add it."""
    assert isinstance(catalogue["index"].get_parent().specific, HomePage)
    assert CatalogueIndexPage.can_create_at(catalogue["index"].get_parent().specific) is False  # one already
    assert "courses.CatalogueIndexPage" in HomePage.subpage_types


def test_a_signed_in_person_reads_the_home_page_in_khmer(client, catalogue):
    """A Khmer reader's start page shows the introduction and links staff wrote, in Khmer."""
    home = HomePage.objects.get(depth=2, locale__language_code="en")
    home.intro = "<p>Learning for the garment sector.</p>"
    home.links = [("link", {"text": "Courses", "page": catalogue["index"], "url": ""})]
    home.save_revision().publish()
    translations_sync()
    page_translate(
        home,
        "km",
        intro="<p>ការសិក្សាសម្រាប់វិស័យកាត់ដេរ។</p>",
        links=[("link", {"text": "វគ្គសិក្សា", "page": catalogue["index"], "url": ""})],
    )
    client.force_login(PersonFactory(preferred_language="km"))

    page = client.get("/", **KM).content.decode()

    assert "ការសិក្សាសម្រាប់វិស័យកាត់ដេរ។" in page and "វគ្គសិក្សា" in page
    assert "Learning for the garment sector." not in page
    assert f'href="{catalogue["index"].url}"' in page
