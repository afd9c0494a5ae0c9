"""gunicorn settings for production: `gunicorn -c python:lms.gunicorn` (add `--bind HOST:PORT`).

Sized for the programme's server, two cores with PostgreSQL and Redis beside the application;
each number can be changed from the environment without editing this file. A setting given on
gunicorn's command line wins over this file.
"""

import os

from lms.settings.environment import env_bool, env_int


def _cores() -> int:
    """Cores this process may use (a container's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "lms.wsgi:application"

# Processes serve in parallel; a request's Python code holds one core while it runs, and most of
# Sala's requests are Python work plus short queries, so a process per core plus one keeps both
# cores busy while a request waits on PostgreSQL. On the two-core server: 3 processes.
workers = env_int("SALA_GUNICORN_WORKERS", _cores() + 1)
# Threads per process (gunicorn's gthread worker): a few requests waiting on the database or on a
# slow phone's connection in one process, without a process each. 3 x 4 = 12 requests at a time.
threads = env_int("SALA_GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"

# A process that stops answering its heartbeat for this long is killed and replaced. No request a
# user starts may take this long: long work (big exports, imports, certificates) goes to Celery
# and the page shows its progress. (With threads, the heartbeat is the process's, so this catches
# a stuck process; the front web server's read timeout is what ends one slow request.)
timeout = env_int("SALA_GUNICORN_TIMEOUT", 30)
# On a restart or deploy, requests already running get this long to finish.
graceful_timeout = env_int("SALA_GUNICORN_GRACEFUL_TIMEOUT", 30)
# Idle keep-alive connections from the front web server are held this long.
keepalive = 5

# Each process is replaced after about this many requests, so memory a request kept cannot grow
# without end; the jitter keeps the processes from all restarting at once.
max_requests = env_int("SALA_GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

# The application is loaded once, before the processes are forked: a process replaced by
# max_requests starts at once instead of importing Django and Wagtail again (seconds of CPU on
# this server), and the processes share that memory. Deploying new code needs a restart (not HUP).
preload_app = True

# The front web server logs each request; set SALA_GUNICORN_ACCESS_LOG=1 to have gunicorn log
# them too, on standard output. Errors always go to standard error.
accesslog = "-" if env_bool("SALA_GUNICORN_ACCESS_LOG") else None
errorlog = "-"

# No control socket (gunicornc): Sala does not use it, and its fixed default path would be shared
# by every gunicorn the same user runs.
control_socket_disable = True
