"""How PINs are stored: a keyed hash whose key lives outside the database.

A PIN has 4 to 6 digits: at most a million possibilities, so no hashing cost, however slow,
protects a stolen PIN hash (a million PBKDF2 rounds of one PIN took 317 ms of CPU at every
sign-in, and a stolen hash still falls in days). What protects PINs is the lockout (five wrong
tries) and the throttle, and, for a stolen copy of the database, a secret key the database does
not hold: the stored value is HMAC-SHA256(key, salt + PIN), checked in microseconds, and useless
without the key, which comes from SALA_PIN_KEYS in the environment.

The stored text is Django's `algorithm$...` format, `pin_hmac_sha256$<key version>$<salt>$<hash>`,
so keys can be rotated: PINs are written with the newest key, any configured key still checks
them, and a PIN checked with an older key (or an older hasher, such as the PBKDF2 PINs stored
before) is written again with the newest at the person's next sign-in.

Only PINs use this hasher. It is listed in PASSWORD_HASHERS after Django's strong default so
that Django can recognise a PIN hash, never first: staff passwords keep the default hasher.
"""

import base64
import hashlib
import hmac
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import BasePasswordHasher, check_password, make_password, mask_hash
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_noop as _


class PinHasher(BasePasswordHasher):
    algorithm = "pin_hmac_sha256"

    def encode(self, password, salt):
        self._check_encode_args(password, salt)
        version = current_key_version()
        return f"{self.algorithm}${version}${salt}${_digest(pin_keys()[version], salt, password)}"

    def decode(self, encoded):
        algorithm, version, salt, digest = encoded.split("$", 3)
        if algorithm != self.algorithm or not (version.isascii() and version.isdigit()):
            raise ValueError("Not a PIN hash.")
        return {"algorithm": algorithm, "key_version": int(version), "salt": salt, "hash": digest}

    def verify(self, password, encoded):
        try:
            decoded = self.decode(encoded)
        except ValueError:
            return False
        key = pin_keys().get(decoded["key_version"])
        if key is None:  # written with a key that has since been removed: it can never match
            return False
        return constant_time_compare(_digest(key, decoded["salt"], password), decoded["hash"])

    def safe_summary(self, encoded):
        decoded = self.decode(encoded)
        return {
            _("algorithm"): decoded["algorithm"],
            _("key version"): decoded["key_version"],
            _("salt"): mask_hash(decoded["salt"], show=2),
            _("hash"): mask_hash(decoded["hash"]),
        }

    def must_update(self, encoded):
        try:
            return self.decode(encoded)["key_version"] != current_key_version()
        except ValueError:
            return True

    def harden_runtime(self, password, encoded):
        # No work factor: a PIN checked with an older key costs what one with the newest costs.
        pass


def _digest(key: bytes, salt: str, pin: str) -> str:
    mac = hmac.new(key, f"{salt}${pin}".encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode("ascii")


def pin_keys() -> dict[int, bytes]:
    """Key version → key. SALA_PIN_KEYS when set; otherwise (development and tests only, since
    production refuses to start without it) version 0, derived from SECRET_KEY for this use alone."""
    configured = settings.SALA_PIN_KEYS
    if configured:
        return {int(version): secret.encode() for version, secret in configured.items()}
    return {0: _key_from_secret_key(settings.SECRET_KEY)}


@cache
def _key_from_secret_key(secret_key: str) -> bytes:
    return salted_hmac("lms.accounts.hashers.PinHasher", "pin-key", secret=secret_key, algorithm="sha256").digest()


def current_key_version() -> int:
    """PINs are written with the highest key version configured."""
    return max(pin_keys())


PIN_HASHER = PinHasher()


def make_pin_hash(pin: str) -> str:
    """What is stored for a PIN: never a password hasher's value, whatever PASSWORD_HASHERS lists first."""
    return make_password(pin, hasher=PIN_HASHER)


def pin_verify(pin: str, encoded: str) -> tuple[bool, bool]:
    """(right, must be stored again). Also checks PINs stored by an older hasher (PBKDF2), which
    must be stored again, like those written with an older key.

    An empty or unusable value is checked against a made-up PIN hash, so it costs the same time
    as a real one and is never right.
    """
    if not encoded or encoded.startswith("!"):
        PIN_HASHER.verify(pin, make_pin_hash("not-a-real-pin"))
        return False, False
    stale = []
    right = check_password(pin, encoded, setter=lambda _pin: stale.append(True), preferred=PIN_HASHER)
    return right, bool(stale)
