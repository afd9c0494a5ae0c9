"""Telegram's settings come from the environment; a half-configured bot stops the start with plain words."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
READ_SETTINGS = """
import json
from lms.settings import production as s
print(json.dumps({name: getattr(s, name) for name in dir(s) if name.startswith("SALA_TELEGRAM_")}))
"""
SECRET = "s" * 40


def production_settings(**environment: str) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh process with only these Telegram variables set."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SALA_TELEGRAM_")}
    env.update({"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://sala@db/sala", "SALA_PIN_KEYS": "1:" + "k" * 40})
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS], cwd=REPOSITORY, env=env, capture_output=True, text=True, timeout=60
    )


def test_without_a_token_telegram_is_off():
    result = production_settings()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SALA_TELEGRAM_BOT_TOKEN"] == ""
    assert values["SALA_TELEGRAM_API_URL"] == "https://api.telegram.org"


def test_a_configured_bot_is_read_from_the_environment():
    result = production_settings(
        SALA_TELEGRAM_BOT_TOKEN="123:abc",
        SALA_TELEGRAM_BOT_USERNAME="@sala_bot",
        SALA_TELEGRAM_WEBHOOK_SECRET=SECRET,
        SALA_TELEGRAM_API_URL="http://127.0.0.1:8081",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SALA_TELEGRAM_BOT_USERNAME"] == "sala_bot"
    assert values["SALA_TELEGRAM_WEBHOOK_SECRET"] == SECRET
    assert values["SALA_TELEGRAM_API_URL"] == "http://127.0.0.1:8081"


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"SALA_TELEGRAM_WEBHOOK_SECRET": SECRET}, "SALA_TELEGRAM_BOT_USERNAME"),
        ({"SALA_TELEGRAM_BOT_USERNAME": "sala_bot"}, "SALA_TELEGRAM_WEBHOOK_SECRET"),
        ({"SALA_TELEGRAM_BOT_USERNAME": "sala_bot", "SALA_TELEGRAM_WEBHOOK_SECRET": "short"}, "32 to 256"),
        ({"SALA_TELEGRAM_BOT_USERNAME": "sala_bot", "SALA_TELEGRAM_WEBHOOK_SECRET": "s" * 39 + "!"}, "A-Z a-z 0-9"),
    ],
)
def test_a_half_configured_bot_is_refused_by_name(environment, named):
    """A token without the bot's name or a usable webhook secret is refused at start, naming what to fix."""
    result = production_settings(SALA_TELEGRAM_BOT_TOKEN="123:abc", **environment)
    assert result.returncode != 0
    assert named in result.stderr
    assert "123:abc" not in result.stderr
