"""Workers signing in at the start of a shift, at the programme's scale: sign-ins per second with
8 at a time, PINs stored with the old PBKDF2 hash and with the keyed hash, on the same accounts.

    .venv/bin/python tests/perf/bench_sign_in.py

Runs on the full-scale bench database (tests/perf/fullscale.py: 600,000 people, seeded once and
kept) under gunicorn with production settings. Every worker is a different account of factory
PP-001, signs in at the worker sign-in form (/accounts/login/, phone number and PIN) in a browser
of their own, and all come from one address, as a factory's Wi-Fi does: one in eight types a
wrong PIN first (more than the 30 failures after which the old throttle refused the whole
address), and a few have forgotten their PIN and give up after three wrong tries. Every sign-in
with the right PIN must succeed.

1. The chosen accounts get the PBKDF2 hash (1,000,000 rounds) that PINs were stored with before;
   each signs in once (its PIN is then stored again with the keyed hash, as in production).
2. The same accounts, now on the keyed hash, sign in again with the same mistakes.
The accounts' stored PINs are put back as they were at the end. Exits with 1 when the keyed hash
is less than 3 times as fast or any right PIN was refused, 2 when the bench cannot run.

BENCH_SIGN_IN_WORKERS (default 320) sets how many workers sign in per pass.
"""

import os
import re
import sys
import time
from dataclasses import dataclass

import requests
from fullscale import (
    BENCH_DATABASE_URL,
    BENCH_ENVIRON,
    ROOT,
    BenchError,
    ensure_full_scale_data,
    gunicorn_server,
    load,
    run_bench,
)
from fullscale import new_session as new_browser

FACTORY = "PP-001"
PIN = "2580"  # the demo PIN of every bench worker
WORKERS = int(os.environ.get("BENCH_SIGN_IN_WORKERS", "320"))
FORGETTERS = 4
CONCURRENCY = 8
TYPO_EVERY = 8  # one worker in eight types a wrong PIN first
GOAL = 3.0


@dataclass(frozen=True)
class Account:
    id: int
    phone: str
    pin: str  # as stored before the bench, put back at the end
    failed_pin_attempts: int
    locked_until: object


def chosen_accounts(count: int) -> list[Account]:
    """Active workers of the factory with a phone number and a PIN, the same ones each run."""
    import psycopg

    with psycopg.connect(BENCH_DATABASE_URL) as connection:
        rows = connection.execute(
            "SELECT p.id, p.phone, p.pin, p.failed_pin_attempts, p.locked_until FROM people_person p "
            "JOIN people_factory f ON f.id = p.factory_id "
            "WHERE f.code = %s AND p.is_active AND p.phone <> '' AND p.pin <> '' ORDER BY p.id LIMIT %s",
            [FACTORY, count],
        ).fetchall()
    if len(rows) < count:
        raise BenchError(f"The bench data has only {len(rows)} workers of {FACTORY} with a phone number and a PIN.")
    return [Account(*row) for row in rows]


def store_pins(accounts: list[Account], pin_hash: str | None) -> None:
    """Give the accounts this PIN hash (None: put back what each had) and no wrong tries."""
    import psycopg

    with psycopg.connect(BENCH_DATABASE_URL) as connection:
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE people_person SET pin = %s, failed_pin_attempts = %s, locked_until = %s WHERE id = %s",
                [
                    (pin_hash, 0, None, a.id) if pin_hash else (a.pin, a.failed_pin_attempts, a.locked_until, a.id)
                    for a in accounts
                ],
            )


def pin_hash_counts(accounts: list[Account]) -> dict[str, int]:
    import psycopg

    with psycopg.connect(BENCH_DATABASE_URL) as connection:
        rows = connection.execute(
            "SELECT split_part(pin, '$', 1), count(*) FROM people_person WHERE id = ANY(%s) GROUP BY 1",
            [[a.id for a in accounts]],
        ).fetchall()
    return dict(rows)


def old_pin_hash(pin: str) -> str:
    """How PINs were stored before the keyed hash: Django's PBKDF2 with its 1,000,000 rounds."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    return hasher.encode(pin, hasher.salt())


def cpu_per_check() -> tuple[float, float]:
    """CPU seconds of one PIN check in this process: PBKDF2 as stored before, the keyed hash now."""
    from django.conf import settings

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if not settings.configured:
        version, _colon, key = BENCH_ENVIRON["SALA_PIN_KEYS"].partition(":")
        settings.configure(SALA_PIN_KEYS={int(version): key}, SECRET_KEY=BENCH_ENVIRON["SECRET_KEY"])
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from lms.accounts.hashers import PinHasher

    figures = []
    for hasher, rounds in ((PBKDF2PasswordHasher(), 3), (PinHasher(), 3000)):
        encoded = hasher.encode(PIN, hasher.salt())
        started = time.process_time()
        for _check in range(rounds):
            assert hasher.verify(PIN, encoded)
        figures.append((time.process_time() - started) / rounds)
    return figures[0], figures[1]


def local_form(phone: str) -> str:
    """+85512345678 as a worker types it: 012 345 678."""
    national = "0" + phone.removeprefix("+855")
    return f"{national[:3]} {national[3:6]} {national[6:]}"


def page_error(html: str) -> str:
    match = re.search(r'role="alert">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip() if match else "no message"


class Shift:
    """Workers signing in from one address, each in a browser of their own."""

    def __init__(self, base_url: str, accounts: list[Account]):
        self.url = f"{base_url}/accounts/login/"
        self.accounts = accounts
        self.refusals: list[str] = []

    def post(self, browser: requests.Session, token: str, phone: str, pin: str) -> requests.Response:
        data = {"csrfmiddlewaretoken": token, "tab": "pin", "phone": local_form(phone), "pin": pin, "next": "/"}
        return browser.post(self.url, data=data, allow_redirects=False, timeout=120)

    def open_form(self) -> tuple[requests.Session, str]:
        browser = new_browser()
        response = browser.get(self.url, timeout=120)
        response.raise_for_status()
        return browser, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)

    def sign_in(self, index: int):
        """Worker `index` opens the form, maybe mistypes once, and signs in with the right PIN."""
        account = self.accounts[index]
        browser, token = self.open_form()
        if index % TYPO_EVERY == TYPO_EVERY - 1:
            typo = self.post(browser, token, account.phone, "2589")
            if typo.status_code != 200:
                return self.refused(f"a wrong PIN answered {typo.status_code}")
        response = self.post(browser, token, account.phone, PIN)
        if response.status_code != 302 or "sessionid" not in browser.cookies:
            return self.refused(page_error(response.text))
        return response

    def forget(self, account: Account) -> None:
        """A worker who has forgotten the PIN tries three and gives up (unforgiven failures)."""
        browser, token = self.open_form()
        for pin in ("1357", "2468", "1470"):
            self.post(browser, token, account.phone, pin)

    def refused(self, reason: str) -> bool:
        self.refusals.append(reason)
        return False

    def warm_up(self) -> None:
        load(lambda: requests.get(self.url, timeout=120), concurrency=CONCURRENCY, total=CONCURRENCY * 3)


def main() -> int:
    ensure_full_scale_data()
    accounts = chosen_accounts(WORKERS + FORGETTERS)
    workers, forgetters = accounts[:WORKERS], accounts[WORKERS:]
    typos = sum(1 for index in range(WORKERS) if index % TYPO_EVERY == TYPO_EVERY - 1)
    print(
        f"Worker sign-in at {FACTORY}: {WORKERS} workers, each a different account, {CONCURRENCY} at a time, "
        f"all from one address; {typos} type a wrong PIN first, {FORGETTERS} more have forgotten theirs "
        "and give up after 3 wrong tries.",
        flush=True,
    )
    pbkdf2_cpu, keyed_cpu = cpu_per_check()
    print(
        f"CPU per PIN check in one process: PBKDF2 (1,000,000 rounds) {pbkdf2_cpu * 1000:.0f} ms, "
        f"keyed hash {keyed_cpu * 1_000_000:.1f} µs",
        flush=True,
    )
    old_hash = old_pin_hash(PIN)
    results = {}
    try:
        store_pins(accounts, old_hash)
        print(f"Stored PINs of the chosen accounts before: {pin_hash_counts(accounts)}", flush=True)
        with gunicorn_server() as base_url:
            shift = Shift(base_url, workers)
            shift.warm_up()
            for account in forgetters:
                shift.forget(account)
            for label in ("PBKDF2 PINs (before)", "keyed hash (now)"):
                results[label] = load(shift.sign_in, concurrency=CONCURRENCY, total=WORKERS)
                print(results[label].line(f"  {label:22}"), flush=True)
                if label.startswith("PBKDF2"):
                    print(f"  stored PINs after the first pass: {pin_hash_counts(workers)}", flush=True)
            refusals = shift.refusals
    finally:
        store_pins(accounts, None)
    old, new = results.values()
    speed_up = new.rate / old.rate if old.rate else float("inf")
    print(
        f"Sign-ins per second: {old.rate:.1f} with PBKDF2, {new.rate:.1f} with the keyed hash: "
        f"{speed_up:.1f}x (goal: at least {GOAL:.0f}x)."
    )
    print(
        f"Right PINs refused: {len(refusals)} of {2 * WORKERS} sign-ins from one address"
        + (f" (first: {refusals[0]})" if refusals else " (the throttle let the whole shift in).")
    )
    return 0 if speed_up >= GOAL and not refusals and not old.errors and not new.errors else 1


if __name__ == "__main__":
    run_bench(main)
