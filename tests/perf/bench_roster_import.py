"""Roster import benchmark: a generated 10,000-row roster, imported fresh, again, changed, and as a full roster.

    make bench                                   # throwaway SQLite database
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sala_bench make bench

Prints seconds and rows per second for each pass. Goal: 10,000 rows in under 20 s.
The database named by BENCH_DATABASE_URL is created and dropped by the test runner machinery.
"""

import os
import random
import time

from benchdb import bench_database

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))


def roster_csv(rows: int, seed: int = 7) -> bytes:
    from lms.people.factories import DEPARTMENTS, SHARE_OF_WOMEN, khmer_name

    rng = random.Random(seed)
    lines = ["worker_id,family_name_km,given_name_km,family_name,given_name,gender,year_of_birth,phone,department,job"]
    for n in range(rows):
        gender = "female" if rng.random() < SHARE_OF_WOMEN else "male"
        family_km, family, given_km, given = khmer_name(rng, gender)
        phone = f"0{rng.choice('16789')}{n:07d}" if n % 3 else ""
        department = rng.choice(DEPARTMENTS)[rng.randint(0, 1)]
        job = "supervisor" if n % 25 == 0 else "worker"
        lines.append(
            f"B{n:06d},{family_km},{given_km},{family},{given},{gender},{rng.randint(1975, 2006)},{phone},{department},{job}"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def main():
    with bench_database():
        from django.db import connection

        from lms.people.factories import DEPARTMENTS, DepartmentFactory, FactoryFactory
        from lms.people.roster import roster_import

        factory = FactoryFactory(code="BENCH-1")
        for name, name_km in DEPARTMENTS:
            DepartmentFactory(factory=factory, name=name, name_km=name_km)
        content = roster_csv(ROWS)
        changed = roster_csv(ROWS, seed=8)  # same worker IDs, other names, phones and departments
        shorter = b"\n".join(changed.splitlines()[: ROWS // 10 * 9 + 1]) + b"\n"
        print(f"Roster import benchmark on {connection.vendor}, {ROWS:,} rows ({len(content) / 1e6:.1f} MB CSV)")
        passes = [
            ("first import (all new)", content, False),
            ("same file again (all unchanged)", content, False),
            ("every row changed (all updated)", changed, False),
            ("full roster, 10% gone (marked as left)", shorter, True),
        ]
        worst = 0.0
        for label, data, full in passes:
            started = time.perf_counter()
            result = roster_import(factory=factory, content=data, filename="bench.csv", full=full)
            seconds = time.perf_counter() - started
            worst = max(worst, seconds)
            assert result.ok, result.errors[:5]
            print(
                f"  {label:40} {seconds:6.2f} s  {result.rows / seconds:8,.0f} rows/s  "
                f"(new {result.created}, updated {result.updated}, unchanged {result.unchanged}, left {result.marked_left})"
            )
        print(f"Slowest pass: {worst:.2f} s for {ROWS:,} rows (goal: under 20 s for 10,000).")


if __name__ == "__main__":
    main()
