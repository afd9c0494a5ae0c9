"""A home page link may be a path on this site (/training/) as well as a full address elsewhere."""

import wagtail.fields
from django.db import migrations

import courses.models.home


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0009_site_home_page"),
    ]

    operations = [
        migrations.AlterField(
            model_name="homepage",
            name="links",
            field=wagtail.fields.StreamField(
                [("link", 3)],
                blank=True,
                block_lookup={
                    0: ("wagtail.blocks.CharBlock", (), {"label": "Link text"}),
                    1: ("wagtail.blocks.PageChooserBlock", (), {"label": "Page on this site", "required": False}),
                    2: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "label": "Or an address elsewhere",
                            "max_length": 500,
                            "required": False,
                            "validators": [courses.models.home.link_address_validate],
                        },
                    ),
                    3: ("wagtail.blocks.StructBlock", [[("text", 0), ("page", 1), ("url", 2)]], {}),
                },
                verbose_name="links",
            ),
        ),
    ]
