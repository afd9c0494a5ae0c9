"""The full-scale bench: programme-sized data in PostgreSQL, gunicorn with production settings on
it, staff sign-in and a load generator, for the benchmark scripts in tests/perf/.

    .venv/bin/python tests/perf/fullscale.py            # seed if needed, serve, time HR's records page
    .venv/bin/python tests/perf/fullscale.py --serve    # ... and keep serving until Ctrl-C
    .venv/bin/python tests/perf/fullscale.py --reset    # drop the bench database and seed it again

A script uses it like this (run from the repository root with the venv's python):

    from fullscale import ensure_full_scale_data, gunicorn_server, load, sign_in

    ensure_full_scale_data()                      # migrate; seed --scale full once (~minutes)
    with gunicorn_server() as base_url:           # production settings, a free port on 127.0.0.1
        hr = sign_in(base_url, "hr", "sala-demo")
        stats = load(lambda: hr.get(f"{base_url}/learning/factory/"), concurrency=4, total=40)
        print(stats.line("HR training records"))  # p50, p95, rate, errors

The database (BENCH_DATABASE_URL, by default sala_bench on the local server) is kept between runs:
it is created and seeded the first time only, and migrated every time. Its cache is Redis
database 9 (BENCH_REDIS_URL), emptied each time a server starts so lockout counters and cached
pages of an earlier run do not count. Uploads and collected static files live in var/bench/.
Never point BENCH_DATABASE_URL at a database you care about: --reset drops it.
"""

import contextlib
import ctypes
import dataclasses
import hashlib
import inspect
import math
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/sala_bench"
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/9"
BENCH_DIR = ROOT / "var" / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

# What the full-scale seed makes (seed_demo --scale full): a database with fewer rows than this
# was left half-seeded and is refused rather than measured.
FULL_SCALE_PEOPLE = 600_000
DEMO_PASSWORD = "sala-demo"

# The environment every bench process (manage.py and gunicorn) runs with: production settings on
# the bench database and cache, plain HTTP on the loopback address. Add a key here when production
# settings come to need one more variable. The key below is for this bench only.
BENCH_ENVIRON = {
    "DJANGO_SETTINGS_MODULE": "lms.settings.production",
    "SECRET_KEY": "bench-only-not-secret-7Qf2xLm9Zr4Kd8Wn3Tb6Yh1Pc5Vg0Js",
    "SALA_PIN_KEYS": "1:bench-only-pin-key-not-secret-4Hs8Nq2Lw6Rc0Xv",
    "DATABASE_URL": BENCH_DATABASE_URL,
    "REDIS_URL": BENCH_REDIS_URL,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "BASE_URL": "http://127.0.0.1:8000",
    "SECURE_SSL_REDIRECT": "false",  # no TLS proxy in front on the loopback address
    "SECURE_HSTS_SECONDS": "0",
    "STATIC_ROOT": str(BENCH_DIR / "static"),
    "MEDIA_ROOT": str(BENCH_DIR / "uploads"),
}
# Inherited variables that would point a bench process elsewhere; Celery runs tasks in-process
# unless a caller passes CELERY_BROKER_URL in env=.
NOT_INHERITED = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DJANGO_SETTINGS_MODULE"}


class BenchError(Exception):
    """The bench cannot run; the message says why and what to do."""


# --- Processes ----------------------------------------------------------------------------------


def bench_environ(extra: dict[str, str] | None = None) -> dict[str, str]:
    environ = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    environ.update(BENCH_ENVIRON)
    environ.update(extra or {})
    return environ


def manage(*args: str, env: dict[str, str] | None = None, capture: bool = False) -> str:
    """Run manage.py with the bench environment; its output goes to ours unless captured."""
    python = PYTHON if PYTHON.exists() else Path(sys.executable)
    result = subprocess.run(
        [str(python), "manage.py", *args],
        cwd=ROOT,
        env=bench_environ(env),
        stdout=subprocess.PIPE if capture else None,
        text=True,
    )
    if result.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed (exit code {result.returncode}).")
    return result.stdout or ""


# --- The database -------------------------------------------------------------------------------


def _server_and_name(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in {"postgres", "postgresql"} or not name:
        raise BenchError(f"BENCH_DATABASE_URL must name a PostgreSQL database (got {url!r}).")
    return urlunsplit(parts._replace(path="/postgres")), name


def _database_exists(url: str) -> bool:
    import psycopg

    server, name = _server_and_name(url)
    with psycopg.connect(server, autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _database_create(url: str, *, drop_first: bool = False) -> None:
    import psycopg
    from psycopg import sql

    server, name = _server_and_name(url)
    with psycopg.connect(server, autocommit=True) as connection:
        if drop_first:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def row_counts(url: str = BENCH_DATABASE_URL) -> dict[str, int]:
    """How many rows the tables the measurements read hold (estimates are not good enough here)."""
    import psycopg

    tables = {
        "factories": "people_factory",
        "departments": "people_department",
        "people": "people_person",
        "enrolments": "courses_enrolment",
        "completions": "courses_completion",
        "lesson progress": "courses_lessonprogress",
    }
    with psycopg.connect(url) as connection:
        return {
            label: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (fixed names)
            for label, table in tables.items()
        }


def ensure_full_scale_data(*, reset: bool = False) -> dict[str, int]:
    """Create the bench database if needed, migrate it, seed it at full scale if it is empty, and
    print and return its row counts. `reset` drops it and seeds it again."""
    started = time.monotonic()
    if reset or not _database_exists(BENCH_DATABASE_URL):
        print(f"{'Dropping and creating' if reset else 'Creating'} the bench database {BENCH_DATABASE_URL}...")
        _database_create(BENCH_DATABASE_URL, drop_first=reset)
    print("Migrating the bench database...", flush=True)
    manage("migrate", "--noinput", "-v", "0")
    counts = row_counts()
    if counts["factories"] == 0:
        print("Seeding the bench database at full scale (once; it is kept for later runs)...", flush=True)
        manage("seed_demo", "--scale", "full", "--if-empty")
        counts = row_counts()
    if counts["people"] < FULL_SCALE_PEOPLE or counts["enrolments"] == 0:
        raise BenchError(
            f"The bench database holds {counts['people']:,} people and {counts['enrolments']:,} enrolments: "
            "not the full-scale data, or its seeding stopped part way. Seed it again with: "
            ".venv/bin/python tests/perf/fullscale.py --reset"
        )
    print(
        "Bench data: " + ", ".join(f"{count:,} {label}" for label, count in counts.items()),
        f"({time.monotonic() - started:.0f} s)",
        flush=True,
    )
    return counts


# --- gunicorn -----------------------------------------------------------------------------------


SKIPPED = {"node_modules", "var", "tests"}


def _static_sources_fingerprint() -> str:
    """Names, sizes and times of Sala's own static files, the H5P player's and the installed
    packages': collectstatic runs again only when one of them changed (it takes ~15 s)."""
    digest = hashlib.sha256()
    apps = [p for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in SKIPPED]
    folders = [p for app in apps for p in app.rglob("static") if p.is_dir()]
    folders.append(ROOT / "node_modules" / "h5p-standalone" / "dist")
    for folder in sorted(folders):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    for path in (ROOT / ".venv" / ".installed", ROOT / "requirements.lock"):
        if path.exists():
            digest.update(f"{path}:{path.stat().st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _collectstatic(env: dict[str, str] | None) -> None:
    stamp = BENCH_DIR / "static.fingerprint"
    fingerprint = _static_sources_fingerprint()
    manifest = BENCH_DIR / "static" / "staticfiles.json"
    if manifest.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return
    print("Collecting static files into var/bench/static...", flush=True)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    stamp.write_text(fingerprint)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _flag(name: str, value) -> list[str]:
    flag = "--" + name.replace("_", "-")
    if value is True:
        return [flag]
    if value is False or value is None:
        return []
    return [flag, str(value)]


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


@contextlib.contextmanager
def gunicorn_server(
    *,
    env: dict[str, str] | None = None,
    collectstatic: bool = True,
    flush_cache: bool = True,
    startup_seconds: float = 120,
    **options,
) -> Iterator[str]:
    """Serve Sala with gunicorn and production settings on the bench database; yield its base URL.

    `options` are gunicorn settings given on its command line, over lms/gunicorn.py's, e.g.
    `workers=3, threads=4, timeout=60`. `env` adds environment variables (CELERY_BROKER_URL to
    send tasks to a real worker). The log is var/bench/gunicorn.log. The server is stopped
    gracefully (SIGTERM, then SIGKILL if it has not stopped after its graceful timeout).
    """
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if collectstatic:
        _collectstatic(env)
    if flush_cache:
        import redis

        redis.Redis.from_url(BENCH_REDIS_URL).flushdb()
    port = _free_port()
    command = [str(GUNICORN), "--config", "python:lms.gunicorn", "--bind", f"127.0.0.1:{port}"]
    for name, value in options.items():
        command += _flag(name, value)
    log_path = BENCH_DIR / "gunicorn.log"
    base_url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=bench_environ(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_stop_with_parent,
        )
    try:
        _wait_until_healthy(process, base_url, log_path, startup_seconds)
        yield base_url
    finally:
        _stop(process)


def _stop_with_parent() -> None:
    """In the new gunicorn process: be sent SIGTERM when the bench script ends in any way, even
    killed (`timeout`, SIGKILL), so no server is left running on the bench database."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


PR_SET_PDEATHSIG = 1


def _wait_until_healthy(process: subprocess.Popen, base_url: str, log_path: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(
                f"gunicorn stopped (exit code {process.returncode}) before answering:\n{_log_tail(log_path)}"
            )
        try:
            response = requests.get(f"{base_url}/health/", timeout=5)
        except requests.RequestException as error:
            last = type(error).__name__
        else:
            if response.status_code == 200:
                return
            last = f"{response.status_code} {response.text[:200]}"
        time.sleep(0.25)
    _stop(process)
    raise BenchError(f"gunicorn did not answer /health/ within {seconds:.0f} s ({last}):\n{_log_tail(log_path)}")


def _stop(process: subprocess.Popen, grace: float = 40) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --- Clients ------------------------------------------------------------------------------------


LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "localhost.local"}


class LoopbackCookieJar(requests.cookies.RequestsCookieJar):
    """Production marks cookies Secure; keep them sendable over plain HTTP, for the loopback
    address only, where the bench server listens without TLS in front."""

    def set_cookie(self, cookie, *args, **kwargs):
        if cookie.domain in LOOPBACK_HOSTS:
            cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def new_session() -> requests.Session:
    """An HTTP client with its own cookies, as one browser would be."""
    session = requests.Session()
    session.cookies = LoopbackCookieJar()
    session.headers["User-Agent"] = "sala-bench"
    return session


def csrf_token(session: requests.Session) -> str:
    """The session's CSRF token, for a POST (form field csrfmiddlewaretoken or X-CSRFToken header)."""
    token = session.cookies.get("csrftoken")
    if not token:
        raise BenchError("No CSRF cookie yet: GET a page with a form first.")
    return token


def _form_token(session: requests.Session, url: str) -> str:
    response = session.get(url, timeout=30)
    response.raise_for_status()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    if not match:
        raise BenchError(f"{url} shows no form with a CSRF token.")
    return match.group(1)


def sign_in(base_url: str, username: str, password: str = DEMO_PASSWORD) -> requests.Session:
    """A client signed in through Sala's staff sign-in form (/accounts/login/, password tab)."""
    session = new_session()
    url = f"{base_url}/accounts/login/"
    token = _form_token(session, f"{url}?with=password")
    response = session.post(
        url,
        data={"csrfmiddlewaretoken": token, "tab": "password", "username": username, "password": password, "next": "/"},
        allow_redirects=False,
        timeout=60,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise BenchError(f"Signing in as {username!r} failed: {response.status_code} {_page_error(response.text)}")
    return session


def sign_in_with_pin(
    base_url: str, pin: str, *, phone: str = "", factory_code: str = "", worker_id: str = ""
) -> requests.Session:
    """A client signed in through the worker sign-in form (phone, or factory code and worker ID)."""
    session = new_session()
    url = f"{base_url}/accounts/login/"
    token = _form_token(session, url)
    response = session.post(
        url,
        data={
            "csrfmiddlewaretoken": token,
            "tab": "pin",
            "phone": phone,
            "factory_code": factory_code,
            "worker_id": worker_id,
            "pin": pin,
            "next": "/",
        },
        allow_redirects=False,
        timeout=60,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        who = phone or f"{factory_code} {worker_id}"
        raise BenchError(f"Signing in as {who} failed: {response.status_code} {_page_error(response.text)}")
    return session


def _page_error(html: str) -> str:
    match = re.search(r'class="[^"]*error[^"]*"[^>]*>(.*?)</', html, re.S)
    return re.sub(r"\s+", " ", match.group(1)).strip() if match else ""


# --- Load ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class LoadStats:
    """What `load` measured. Times are in seconds; `rate` is successful calls per second."""

    concurrency: int
    count: int
    errors: int
    seconds: float
    durations: list[float]  # successful calls, sorted
    statuses: Counter
    first_error: str
    median_bytes: int

    def percentile(self, share: float) -> float:
        if not self.durations:
            return math.nan
        return self.durations[max(0, math.ceil(share * len(self.durations)) - 1)]

    @property
    def p50(self) -> float:
        return self.percentile(0.50)

    @property
    def p95(self) -> float:
        return self.percentile(0.95)

    @property
    def max(self) -> float:
        return self.durations[-1] if self.durations else math.nan

    @property
    def rate(self) -> float:
        return len(self.durations) / self.seconds if self.seconds else 0.0

    def line(self, label: str = "") -> str:
        text = (
            f"{self.count} calls, {self.concurrency} at a time: p50 {self.p50 * 1000:.0f} ms, "
            f"p95 {self.p95 * 1000:.0f} ms, max {self.max * 1000:.0f} ms, {self.rate:.1f}/s, {self.errors} errors"
        )
        if self.median_bytes:
            text += f", {self.median_bytes / 1024:.0f} KB"
        if self.first_error:
            text += f" (first: {self.first_error})"
        return f"{label}: {text}" if label else text

    __str__ = line


def _failure(result) -> str:
    """Why a call's result counts as an error, or ''."""
    if result is False:
        return "the call said it failed"
    status = getattr(result, "status_code", None)
    if status is not None and status >= 400:
        return f"HTTP {status} from {getattr(result, 'url', '?')}"
    return ""


def load(call: Callable, concurrency: int, total: int, *, warmup: int = 0) -> LoadStats:
    """Make `total` calls, `concurrency` at a time on as many threads, and time each.

    `call()` (or `call(i)`, i = 0 … total-1, to vary what each call does) returns what it fetched.
    A call that raises, returns a response with status 400 or more, or returns False is an error
    and is left out of the times. `warmup` calls are made first, as many at a time, and not
    counted: every server process and thread answers its first request slowly.
    """
    takes_index = len(inspect.signature(call).parameters) >= 1
    if warmup:
        _calls(call, takes_index, concurrency, range(warmup))
    started = time.perf_counter()
    durations, sizes, statuses, errors = _calls(call, takes_index, concurrency, range(total))
    seconds = time.perf_counter() - started
    return LoadStats(
        concurrency=concurrency,
        count=total,
        errors=len(errors),
        seconds=seconds,
        durations=sorted(durations),
        statuses=statuses,
        first_error=errors[0] if errors else "",
        median_bytes=sorted(sizes)[len(sizes) // 2] if sizes else 0,
    )


def _calls(call: Callable, takes_index: bool, concurrency: int, indexes: range):
    lock = threading.Lock()
    pending = iter(indexes)
    durations: list[float] = []
    sizes: list[int] = []
    statuses: Counter = Counter()
    errors: list[str] = []

    def worker():
        while True:
            with lock:
                index = next(pending, None)
            if index is None:
                return
            started = time.perf_counter()
            try:
                result = call(index) if takes_index else call()
            except Exception as error:  # any failure of a call is counted, not raised
                failure, result = f"{type(error).__name__}: {error}", None
            else:
                failure = _failure(result)
            elapsed = time.perf_counter() - started
            with lock:
                if hasattr(result, "status_code"):
                    statuses[result.status_code] += 1
                if failure:
                    errors.append(failure)
                else:
                    durations.append(elapsed)
                    content = getattr(result, "content", None)
                    if isinstance(content, bytes):
                        sizes.append(len(content))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return durations, sizes, statuses, errors


# --- Pages held to a budget ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PageCase:
    """A page timed under load and held to a p95 budget."""

    label: str
    who: str  # the signed-in client that asks: "hr" or "programme"
    path: str
    params: dict
    budget_ms: int  # p95
    concurrency: int
    total: int


def time_pages(base_url: str, clients: dict[str, requests.Session], cases: list[PageCase]) -> int:
    """Load each page as its case says and print its figures next to its budget. A page that does not
    answer 200 the first time stops the bench (BenchError). Returns how many are over budget."""
    over = 0
    for case in cases:
        call = _getter(clients[case.who], base_url + case.path, case.params)
        first = call()
        if first.status_code != 200:
            raise BenchError(f"{case.label}: HTTP {first.status_code} from {first.url}")
        stats = load(call, concurrency=case.concurrency, total=case.total, warmup=case.concurrency)
        verdict = "ok" if stats.p95 * 1000 < case.budget_ms and not stats.errors else "OVER BUDGET"
        over += verdict != "ok"
        print(f"  {case.label}: {stats.line()} | budget p95 < {case.budget_ms} ms: {verdict}", flush=True)
    return over


def _getter(client: requests.Session, url: str, params: dict) -> Callable[[], requests.Response]:
    def call():  # no parameter: `load` calls it as it is, the same page each time
        return client.get(url, params=params, timeout=120)

    return call


def budget_verdict(over: int) -> int:
    """Print whether every figure kept its budget; the exit code: 0 when all did, 1 when not."""
    print("All within budget." if not over else f"{over} figure(s) over budget.")
    return 0 if not over else 1


def run_bench(main: Callable[[], int]) -> None:
    """Run a bench script's `main` and exit with its code, or with 2 and the reason when the bench
    cannot run (BenchError); prints how long it took."""
    started = time.monotonic()
    try:
        code = main()
    except BenchError as error:
        print(error, file=sys.stderr)
        code = 2
    print(f"({time.monotonic() - started:.0f} s)")
    sys.exit(code)


# --- A first look -------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    reset, serve = "--reset" in argv, "--serve" in argv
    try:
        ensure_full_scale_data(reset=reset)
        with gunicorn_server() as base_url:
            print(f"Serving {base_url} (production settings, bench database); log: var/bench/gunicorn.log")
            hr = sign_in(base_url, "hr")
            page = f"{base_url}/learning/factory/"
            print(
                load(lambda: hr.get(page, timeout=120), concurrency=4, total=40, warmup=8).line("HR training records")
            )
            if serve:
                print("Sign in as programme, trainer or hr with password sala-demo. Ctrl-C stops the server.")
                with contextlib.suppress(KeyboardInterrupt):
                    while True:
                        time.sleep(3600)
    except BenchError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
