"""People screens at the programme's scale: the people list and its search, on the full-scale bench.

    .venv/bin/python tests/perf/bench_people.py

Runs on the full-scale bench database (tests/perf/fullscale.py: 600 factories, 600,000 people,
seeded once and kept) under gunicorn with production settings, and prints each figure next to its
budget:
- HR of a 6,000-worker factory (demo user `hr`, PP-001): the people list, p95 under 300 ms with
  4 people at a time; HR's searches (a name, a worker ID, a phone number) are held to the same.
- Programme staff (demo user `programme`), every factory: the people list (first and last page)
  and a search of the whole programme (a common name in Latin and Khmer script, a phone number
  typed with Khmer digits), p95 under 1 s.
- A person's page, as HR opens it: p95 under 300 ms.
The names, worker IDs and phone numbers searched are read from the bench data first. Exits with 1
when a figure is over its budget or a page failed, 2 when the bench cannot run.
"""

from fullscale import (
    BENCH_DATABASE_URL,
    BenchError,
    budget_verdict,
    ensure_full_scale_data,
    gunicorn_server,
    run_bench,
    sign_in,
    time_pages,
)
from fullscale import PageCase as Case

HR_FACTORY = "PP-001"
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")


def sample_data() -> dict:
    """Real values to search for, read from the bench database (reads only)."""
    import psycopg

    with psycopg.connect(BENCH_DATABASE_URL) as connection:
        factory_id = connection.execute("SELECT id FROM people_factory WHERE code = %s", [HR_FACTORY]).fetchone()[0]

        def one(sql: str, *params):
            row = connection.execute(sql, params).fetchone()
            if row is None:
                raise BenchError(f"The bench data has no row for: {sql}")
            return row[0]

        mine = "FROM people_person WHERE factory_id = %s"
        return {
            "hr_worker_id": one(
                f"SELECT worker_id {mine} AND worker_id <> '' ORDER BY worker_id OFFSET 3000 LIMIT 1", factory_id
            ),  # noqa: S608
            "hr_phone": one(f"SELECT phone {mine} AND phone <> '' ORDER BY id OFFSET 1000 LIMIT 1", factory_id),  # noqa: S608
            "hr_person": one(f"SELECT id {mine} ORDER BY id OFFSET 2000 LIMIT 1", factory_id),  # noqa: S608
            "other_phone": one(
                "SELECT phone FROM people_person WHERE phone <> '' ORDER BY id DESC OFFSET 1000 LIMIT 1"
            ),
            "other_worker_id": one(
                "SELECT worker_id FROM people_person WHERE worker_id <> '' ORDER BY id DESC OFFSET 1000 LIMIT 1"
            ),
        }


def local_form(phone: str) -> str:
    """+85512345678 as a worker writes it: 012 345 678."""
    national = "0" + phone.removeprefix("+855")
    return f"{national[:3]} {national[3:6]} {national[6:]}"


def cases(sample: dict) -> list[Case]:
    hr_phone = local_form(sample["hr_phone"])
    khmer_phone = local_form(sample["other_phone"]).translate(KHMER_DIGITS)
    return [
        Case("HR: people list, PP-001", "hr", "/people/", {}, 300, 4, 60),
        Case("HR: people list, page 60", "hr", "/people/", {"page": "60"}, 300, 4, 40),
        Case("HR: search a name (Sok)", "hr", "/people/", {"q": "Sok"}, 300, 4, 40),
        Case("HR: search a Khmer name (ស្រីពៅ)", "hr", "/people/", {"q": "ស្រីពៅ"}, 300, 4, 40),
        Case(
            f"HR: search a worker ID ({sample['hr_worker_id']})",
            "hr",
            "/people/",
            {"q": sample["hr_worker_id"]},
            300,
            4,
            40,
        ),
        Case(f"HR: search a phone ({hr_phone})", "hr", "/people/", {"q": hr_phone}, 300, 4, 40),
        Case("HR: who has left", "hr", "/people/", {"status": "left"}, 300, 4, 40),
        Case("HR: a person's page", "hr", f"/people/{sample['hr_person']}/", {}, 300, 4, 40),
        Case("Programme: people list, every factory", "programme", "/people/", {}, 1000, 2, 20),
        Case("Programme: people list, last page", "programme", "/people/", {"page": "99999"}, 1000, 2, 20),
        Case("Programme: one factory (PP-001)", "programme", "/people/", {"factory": HR_FACTORY}, 1000, 2, 20),
        Case("Programme: search a common name (Sok)", "programme", "/people/", {"q": "Sok"}, 1000, 2, 20),
        Case("Programme: search two letters (Ly)", "programme", "/people/", {"q": "Ly"}, 1000, 2, 20),
        Case("Programme: search a Khmer name (ស្រីពៅ)", "programme", "/people/", {"q": "ស្រីពៅ"}, 1000, 2, 20),
        Case(
            "Programme: search a name with a zero-width space",
            "programme",
            "/people/",
            {"q": "ស្រី\u200bពៅ"},
            1000,
            2,
            20,
        ),
        Case(
            f"Programme: search a phone in Khmer digits ({khmer_phone})",
            "programme",
            "/people/",
            {"q": khmer_phone},
            1000,
            2,
            20,
        ),
        Case(
            f"Programme: search a worker ID ({sample['other_worker_id']})",
            "programme",
            "/people/",
            {"q": sample["other_worker_id"]},
            1000,
            2,
            20,
        ),
        Case("Programme: search nobody has (zzqx)", "programme", "/people/", {"q": "zzqx"}, 1000, 2, 20),
    ]


def main() -> int:
    counts = ensure_full_scale_data()
    sample = sample_data()
    with gunicorn_server() as base_url:
        clients = {who: sign_in(base_url, who) for who in ("hr", "programme")}
        print(f"People screens, {counts['people']:,} people in {counts['factories']:,} factories:")
        return budget_verdict(time_pages(base_url, clients, cases(sample)))


if __name__ == "__main__":
    run_bench(main)
