"""How often one network address may fail at signing in before it is refused for a while.

What the throttle is for: one address trying one common PIN across many accounts. The lockout
does not see that (each account gets only one wrong try), so the address counts its failures.

What it must not do: refuse a factory. Hundreds of workers sign in at the start of a shift
through the factory's one Wi-Fi address; some mistype, a few have forgotten their PIN. So:
- a wrong try followed by the right one for the same person in the same browser is forgiven:
  it no longer counts against the address (a typo, not an attack; an attacker's wrong tries are
  never followed by the victim's own browser signing in);
- every different person who signs in from the address lets it fail a little more
  (SALA_ADDRESS_CREDIT_PER_PERSON): a crowd of honest workers earns room for its mistakes, while
  an attacker's own account earns it once however often it signs in.
The address is refused when its unforgiven failures reach SALA_ADDRESS_MAX_FAILURES plus that
credit. Counts are kept per window of SALA_ADDRESS_WINDOW_MINUTES (fixed windows, so everything
is forgotten together and the page can say when it ends), in the cache, with add/incr/decr only,
so they are shared and atomic on Redis and work the same in local memory.

Trying one account from many addresses is the lockout's job: it counts per account, from anywhere.
"""

import dataclasses
import datetime
import math

from django.conf import settings
from django.core.cache import cache

PREFIX = "sala:signin-address"


@dataclasses.dataclass(frozen=True)
class Window:
    number: int
    ends_at: datetime.datetime
    # How long its counts must be kept from now: to its end, and a minute for clocks that differ.
    timeout: int


def window_at(now: datetime.datetime) -> Window:
    size = settings.SALA_ADDRESS_WINDOW_MINUTES * 60
    number = int(now.timestamp()) // size
    ends_at = datetime.datetime.fromtimestamp((number + 1) * size, tz=datetime.UTC)
    return Window(number=number, ends_at=ends_at, timeout=math.ceil((ends_at - now).total_seconds()) + 60)


def _key(window: Window, address: str, *parts: object) -> str:
    return ":".join([PREFIX, str(window.number), address, *map(str, parts)])


def _count(key: str, window: Window, by: int = 1) -> int:
    cache.add(key, 0, timeout=window.timeout)  # atomic: only the first caller creates it
    try:
        return cache.incr(key, by)
    except ValueError:  # expired between add() and incr()
        cache.set(key, by, timeout=window.timeout)
        return by


def allowance(credit: int) -> int:
    """Failures an address may have in a window once `credit` different people signed in from it."""
    return settings.SALA_ADDRESS_MAX_FAILURES + math.floor(credit * settings.SALA_ADDRESS_CREDIT_PER_PERSON)


def address_refused_until(address: str, now: datetime.datetime) -> datetime.datetime | None:
    """When the refusal ends, if the address has failed too often; None while it may try."""
    if not address:  # signing in without a request (a script, a test): nothing to throttle
        return None
    window = window_at(now)
    counts = cache.get_many([_key(window, address, "failures"), _key(window, address, "credit")])
    failures = counts.get(_key(window, address, "failures"), 0)
    credit = counts.get(_key(window, address, "credit"), 0)
    return window.ends_at if failures >= allowance(credit) else None


def address_record_failure(address: str, *, person_id: int | None, client: str, now: datetime.datetime) -> None:
    """Count a wrong try from the address; remember whose account and which browser, to forgive it."""
    if not address:
        return
    window = window_at(now)
    _count(_key(window, address, "failures"), window)
    if person_id is not None and client:
        _count(_key(window, address, "typo", person_id, client), window)


def address_record_success(address: str, *, person_id: int, client: str, now: datetime.datetime) -> None:
    """Forgive this browser's wrong tries for this person, and credit the address once per person."""
    if not address:
        return
    window = window_at(now)
    if client:
        typo_key = _key(window, address, "typo", person_id, client)
        typos = cache.get(typo_key)
        if typos:
            cache.delete(typo_key)
            try:
                cache.decr(_key(window, address, "failures"), typos)
            except ValueError:  # already expired: nothing to forgive
                pass
    if cache.add(_key(window, address, "signed-in", person_id), True, timeout=window.timeout):
        _count(_key(window, address, "credit"), window)
