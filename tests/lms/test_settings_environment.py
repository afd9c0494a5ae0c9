"""Where uploads and collected static files live, and where the H5P player may be framed from,
come from the environment like every other address; without it, the var/ folders."""

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
print(json.dumps({"MEDIA_ROOT": str(s.MEDIA_ROOT), "STATIC_ROOT": str(s.STATIC_ROOT),
                  "frame-src": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]}))
"""


def production_settings(**environment: str) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh process with only these variables set."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MEDIA_ROOT", "STATIC_ROOT", "SALA_H5P_FILES_URL", "SALA_PIN_KEYS"}
    }
    env.update(
        {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://sala@db/sala", "SALA_PIN_KEYS": "1:" + "k" * 40}
        | environment
    )
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS], cwd=REPOSITORY, env=env, capture_output=True, text=True, timeout=60
    )


def read(**environment: str) -> dict:
    result = production_settings(**environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_uploads_and_static_files_default_to_the_var_folder():
    """Without MEDIA_ROOT and STATIC_ROOT, files go to var/uploads/ and var/static/."""
    values = read()
    assert values["MEDIA_ROOT"] == str(REPOSITORY / "var" / "uploads")
    assert values["STATIC_ROOT"] == str(REPOSITORY / "var" / "static")


def test_uploads_and_static_files_follow_the_environment(tmp_path):
    """MEDIA_ROOT and STATIC_ROOT in the environment move both folders."""
    values = read(MEDIA_ROOT=str(tmp_path / "uploads"), STATIC_ROOT=str(tmp_path / "static"))
    assert values["MEDIA_ROOT"] == str(tmp_path / "uploads")
    assert values["STATIC_ROOT"] == str(tmp_path / "static")


@pytest.mark.parametrize("variable", ["MEDIA_ROOT", "STATIC_ROOT"])
def test_a_relative_folder_is_refused_with_a_plain_message(variable):
    """A relative folder would depend on where the process starts: the settings refuse it by name."""
    result = production_settings(**{variable: "var/uploads"})
    assert result.returncode != 0
    assert f"{variable} must be an absolute path" in result.stderr


def test_player_may_be_framed_from_the_h5p_files_origin():
    """With H5P files on another host, pages may frame the player from that origin, and no other."""
    assert read()["frame-src"] == ["'self'"]
    values = read(SALA_H5P_FILES_URL="https://h5p-files.example.org/h5p/")
    assert values["frame-src"] == ["'self'", "https://h5p-files.example.org"]


def test_a_port_or_hsts_that_is_not_a_number_is_refused_by_name():
    """EMAIL_PORT=abc or SECURE_HSTS_SECONDS=1e9 stops start-up with the variable's name, not a traceback about int()."""
    for variable, value in (("EMAIL_PORT", "abc"), ("SECURE_HSTS_SECONDS", "1e9")):
        result = production_settings(**{variable: value})
        assert result.returncode != 0 and f"{variable} must be a whole number" in result.stderr
