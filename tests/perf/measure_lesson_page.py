"""Lesson page weight and queries: HTML + CSS + Sala's own JS, before pictures, audio and video.

    make bench        (runs this after the roster benchmark)

Builds the demo catalogue in a throwaway SQLite database (or BENCH_DATABASE_URL), signs a worker
in, enrols them, and fetches every lesson in Khmer and English. Prints the heaviest page and the
query counts. Budget: 60 KB of HTML+CSS+own JS, a constant number of queries.
"""

import os
import re
from pathlib import Path

from benchdb import bench_database

BUDGET = 60 * 1024


def own_asset_bytes(html: str) -> tuple[int, list[str]]:
    """Bytes of the stylesheets and scripts the page loads from Sala's own static files."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    total, names = 0, []
    for url in re.findall(r'(?:href|src)="(' + re.escape(settings.STATIC_URL) + r'[^"]+\.(?:css|js))"', html):
        path = finders.find(url[len(settings.STATIC_URL) :])
        if path:
            total += Path(path).stat().st_size
            names.append(url)
    return total, names


def main():
    with bench_database():
        from django.db import connection, reset_queries
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from courses import services
        from courses.models import CoursePage, LessonPage
        from lms.demo.catalogue import demo_catalogue_create
        from lms.people.factories import PersonFactory

        demo_catalogue_create()
        worker = PersonFactory(preferred_language="km")
        for course in CoursePage.objects.filter(locale__language_code="en", self_enrolment=True):
            services.enrolment_create(person=worker, course=course, enrolled_by=worker)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(worker)
        rows = []
        for lesson in LessonPage.objects.live().filter(alias_of__isnull=True).select_related("locale"):
            reset_queries()  # the query log is capped; start each page from an empty one
            with CaptureQueriesContext(connection) as queries:
                response = client.get(lesson.url, HTTP_ACCEPT_LANGUAGE=lesson.locale.language_code)
            html = response.content.decode()
            assets, asset_names = own_asset_bytes(html)
            rows.append(
                (
                    len(response.content) + assets,
                    len(response.content),
                    assets,
                    len(queries),
                    len(lesson.body),
                    lesson,
                    asset_names,
                )
            )
        rows.sort(key=lambda row: row[0], reverse=True)
        heaviest = rows[0]
        print(f"Lesson pages on {connection.vendor}: {len(rows)} pages (Khmer and English, signed-in learner)")
        print(f"  heaviest: {heaviest[5].url} [{heaviest[5].locale.language_code}], {heaviest[4]} blocks")
        print(
            f"    HTML {heaviest[1] / 1024:.1f} KB + own CSS/JS {heaviest[2] / 1024:.1f} KB ({', '.join(heaviest[6])})"
        )
        print(f"    total {heaviest[0] / 1024:.1f} KB of a {BUDGET / 1024:.0f} KB budget")
        counts = sorted({row[3] for row in rows})
        print(
            f"  queries per lesson page: {counts[0]}–{counts[-1]} (blocks per lesson: {min(r[4] for r in rows)}–{max(r[4] for r in rows)})"
        )
        if os.environ.get("BENCH_VERBOSE"):
            for _total, html_bytes, _assets, query_count, blocks, lesson, _names in rows:
                print(
                    f"    {query_count:3} queries {html_bytes / 1024:5.1f} KB {blocks} blocks {lesson.url} [{lesson.locale.language_code}]"
                )


if __name__ == "__main__":
    main()
