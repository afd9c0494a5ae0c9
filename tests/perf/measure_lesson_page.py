"""Lesson page weight and queries: HTML + CSS + Sala's own JS, before pictures, audio and video.

    make bench        (runs this after the roster benchmark)

Builds the demo catalogue in a throwaway SQLite database (or BENCH_DATABASE_URL), signs a worker
in, enrols them, and fetches every lesson and every course page in Khmer and English, twice each.
Prints the heaviest page, the queries of a first and of a repeat view of each kind of page, and
the writes a repeat view made. Budgets: 60 KB of HTML+CSS+own JS; at most 10 queries for a lesson
page or a course page opened again, and no write.
"""

import io
import os
import re
from pathlib import Path

from benchdb import bench_database

BUDGET = 60 * 1024
SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "h5p" / "true-false-hello-world.h5p"
QUERY_BUDGET = 10
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
TRANSACTIONS = re.compile(r"^\s*(BEGIN|SAVEPOINT)\b", re.IGNORECASE)


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

        def fetch(page):
            reset_queries()  # the query log is capped; start each page from an empty one
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.url, HTTP_ACCEPT_LANGUAGE=page.locale.language_code)
            assert response.status_code == 200, (page.url, response.status_code)
            written = [
                q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"]) or TRANSACTIONS.match(q["sql"])
            ]
            return response, len(queries), written

        rows = []
        views = {"lesson": ([], [], []), "course": ([], [], [])}  # first-view queries, repeat-view queries, writes
        for kind, model in (("course", CoursePage), ("lesson", LessonPage)):
            for page in model.objects.live().filter(alias_of__isnull=True).select_related("locale"):
                first, repeat, written = views[kind]
                first.append(fetch(page)[1])
                response, queries, writes = fetch(page)
                repeat.append(queries)
                written.extend(writes)
                if kind == "lesson":
                    html = response.content.decode()
                    assets, asset_names = own_asset_bytes(html)
                    rows.append(
                        (
                            len(response.content) + assets,
                            len(response.content),
                            assets,
                            queries,
                            len(page.body),
                            page,
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
        for kind, (first, repeat, written) in views.items():
            print(
                f"  queries per {kind} page: first view {min(first)}–{max(first)}, "
                f"repeat view {min(repeat)}–{max(repeat)} (budget {QUERY_BUDGET}); "
                f"writes on repeat views: {sum(bool(WRITES.match(sql)) for sql in written)}, "
                f"transactions: {sum(bool(TRANSACTIONS.match(sql)) for sql in written)}"
            )
        print_compression(client, heaviest[5])
        if os.environ.get("BENCH_VERBOSE"):
            for _total, html_bytes, _assets, query_count, blocks, lesson, _names in rows:
                print(
                    f"    {query_count:3} queries {html_bytes / 1024:5.1f} KB {blocks} blocks {lesson.url} [{lesson.locale.language_code}]"
                )


def print_compression(client, lesson):
    """Bytes on the wire for a phone that accepts gzip, against one that does not: the catalogue
    page, the heaviest lesson page, and every file of the demo's H5P exercise."""
    from django.core.files.storage import default_storage

    from media.models import LIBRARIES_DIR, H5PPackage
    from media.services import h5p_package_import

    def sizes(address, language="km", **headers):
        response = client.get(address, HTTP_ACCEPT_LANGUAGE=language, **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return len(body), response.get("Content-Encoding") == "gzip"

    def plain_and_gzip(address, language="km"):
        plain, _ = sizes(address, language)
        compressed, is_gzip = sizes(address, language, HTTP_ACCEPT_ENCODING="gzip")
        return plain, compressed, is_gzip

    print("  compression (plain → gzip for a browser that accepts it):")
    pages = (
        ("catalogue page [km]", "/catalogue/", "km"),
        ("heaviest lesson page", lesson.url, lesson.locale.language_code),
    )
    for label, address, language in pages:
        plain, compressed, _ = plain_and_gzip(address, language)
        print(f"    {label}: {plain / 1024:.1f} KB → {compressed / 1024:.1f} KB")
    if SAMPLE.exists():  # the real TrueFalse sample, when ../shared is beside the checkout
        h5p_package_import(fileobj=io.BytesIO(SAMPLE.read_bytes()), size=SAMPLE.stat().st_size)
    for package in H5PPackage.objects.order_by("pk"):
        folders = [f"{package.storage_path}/"]
        folders += [f"{LIBRARIES_DIR}/{library.folder}/" for library in package.libraries.all()]
        names = [name for folder in folders for name in _stored_files(default_storage, folder) if name[-3:] != ".gz"]
        totals = [0, 0, 0]
        for name in names:
            plain, compressed, is_gzip = plain_and_gzip("/" + name)
            totals = [totals[0] + plain, totals[1] + compressed, totals[2] + is_gzip]
        print(
            f"    H5P files of “{package.title}”: {len(names)} files, {totals[0] / 1024:.1f} KB → "
            f"{totals[1] / 1024:.1f} KB ({totals[2]} sent compressed)"
        )


def _stored_files(storage, folder):
    directories, files = storage.listdir(folder)
    yield from (folder + name for name in files)
    for directory in directories:
        yield from _stored_files(storage, f"{folder}{directory}/")


if __name__ == "__main__":
    main()
