"""Production needs the PIN keys from the environment; a badly written key list stops start-up with
a message that names the variable and never shows a key."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 40
READ_KEYS = """
import json
from lms.settings import production as s
print(json.dumps({str(version): len(secret) for version, secret in s.SALA_PIN_KEYS.items()}))
"""


def production_pin_keys(value: str) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh process with SALA_PIN_KEYS set to `value`."""
    env = {**os.environ, "SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://sala@db/sala", "SALA_PIN_KEYS": value}
    return subprocess.run(
        [sys.executable, "-c", READ_KEYS], cwd=REPOSITORY, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_pin_keys():
    """Without SALA_PIN_KEYS production stops at once and says what to set."""
    result = production_pin_keys("")
    assert result.returncode != 0 and "Set SALA_PIN_KEYS in the environment" in result.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("no-version-" + GOOD_KEY, "SALA_PIN_KEYS lists keys as <version>:<secret>"),
        ("0:" + GOOD_KEY, "SALA_PIN_KEYS lists keys as <version>:<secret>"),
        ("two:" + GOOD_KEY, "SALA_PIN_KEYS lists keys as <version>:<secret>"),
        (f"1:{GOOD_KEY},1:{GOOD_KEY.upper()}", "SALA_PIN_KEYS names key version 1 twice"),
        (f"2:{GOOD_KEY},1:short-secret", "SALA_PIN_KEYS: key version 1 is too short"),
    ],
)
def test_a_badly_written_key_list_is_refused_by_name_without_showing_keys(value, message):
    """A missing version, a version twice or a short key stops start-up; the message shows no key."""
    result = production_pin_keys(value)
    assert result.returncode != 0 and message in result.stderr
    assert GOOD_KEY not in result.stderr and GOOD_KEY.upper() not in result.stderr
    assert "short-secret" not in result.stderr


def test_keys_are_read_with_their_versions():
    """`2:<new>, 1:<old>` gives both keys under their versions, spaces aside."""
    result = production_pin_keys(f"2:{'n' * 41}, 1:{GOOD_KEY}")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"2": 41, "1": 40}
