"""The one schema for xAPI statements that H5P exercises send, checked at the edge.

The lesson page posts each "answered" or "completed" statement the H5P player makes (through
h5p-standalone) as one JSON object. Everything in it comes from the learner's browser, so it is
checked here, whole, before anything is written: a body that fails any rule is refused with a
plain message and changes nothing. Only the fields a result needs leave this module.

Rules, beyond "every field has its JSON type" (an object is an object, a string a string, a number
a number and never true/false):

- The body is at most MAX_STATEMENT_BYTES of UTF-8 holding one JSON object. Numbers are ordinary:
  NaN, Infinity, numbers too big for a float (1e999) and integers longer than MAX_INTEGER_DIGITS
  digits are refused wherever they appear, as is nesting too deep to parse.
- `id` is a UUID; `verb.id` is the xAPI "answered" or "completed" verb; `object.id` is a printable
  string of at most MAX_OBJECT_ID_LENGTH characters; `actor`, `context` and `result` are objects
  when present.
- Scores (`result.score`): a score is a fraction of its maximum, as H5P reports it.
  `max` is above 0 and at most MAX_SCORE; `raw` is between 0 and `max`; the two come together;
  `min`, when given, is 0 (H5P always sends 0, and a lower bound would change what `scaled`
  means); `scaled` is between 0 and 1 and, next to `raw` and `max`, agrees with raw / max (H5P
  rounds it to four decimals). The percentage the server uses is its own raw / max, or `scaled`
  when the exercise sends only that.
- Other fields (timestamp, version, extensions…) may be there; they are not kept.

Which exercise a statement is about: h5p-standalone sets `object.id` to the address it loaded the
package from (the H5P block's `…/packages/<folder>`, made absolute against wherever the player
runs, which in a sandboxed frame may even be the opaque origin "null"), followed by
`?subContentId=…` for one question inside the exercise. The host is neither trusted nor needed:
the package folder, the path segment after `packages`, names the exercise, and the lesson's H5P
blocks say which packages are its exercises. (The block id would tie a statement to one block,
but H5P never sees it; a package used twice on a page is one exercise.) See `exercise_key`.
"""

import json
import math
import re
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

MAX_STATEMENT_BYTES = 64 * 1024
MAX_INTEGER_DIGITS = 15
MAX_OBJECT_ID_LENGTH = 500
MAX_SCORE = 1_000_000
# H5P writes scaled = round(raw / max, 4); allow that rounding and a little more, nothing else.
SCALED_TOLERANCE = 0.001

VERBS = {
    "http://adlnet.gov/expapi/verbs/answered": "answered",
    "http://adlnet.gov/expapi/verbs/completed": "completed",
}
# Package folders are uuid4().hex (media.models.H5PPackage.folder).
_PACKAGE_FOLDER = re.compile(r"[0-9a-f]{32}")


class InvalidStatement(Exception):
    """The body is not a statement this server records; `message` says why, in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Statement:
    """What Sala keeps of one statement."""

    id: uuid.UUID
    verb: str  # "answered" or "completed"
    object_id: str
    raw: float | None
    max: float | None
    scaled: float | None
    success: bool | None
    completion: bool | None

    @property
    def percent(self) -> int | None:
        """The score out of 100, computed here from raw / max; None when the exercise sent none."""
        if self.raw is not None and self.max is not None:
            return round(100 * self.raw / self.max)
        return None if self.scaled is None else round(100 * self.scaled)

    @property
    def package_folder(self) -> str | None:
        return exercise_key(self.object_id)[0]

    @property
    def is_whole_exercise(self) -> bool:
        """False for a statement about one question inside an exercise."""
        return not exercise_key(self.object_id)[1]


def exercise_key(object_id: str) -> tuple[str | None, bool]:
    """(package folder or None, is about a part inside the exercise) of an xAPI object id."""
    try:
        parts = urlsplit(object_id)
    except ValueError:  # e.g. an unclosed "[" where an IPv6 host would be
        return None, False
    segments = parts.path.rstrip("/").split("/")
    folder = segments[-1] if len(segments) >= 2 and segments[-2] == "packages" else ""
    inside = "subContentId" in parse_qs(parts.query, keep_blank_values=True)
    return (folder if _PACKAGE_FOLDER.fullmatch(folder) else None), inside


def statement_from_json(body: bytes) -> Statement:
    """Parse and check one statement (the request body). Raises InvalidStatement."""
    if len(body) > MAX_STATEMENT_BYTES:
        raise InvalidStatement(f"The statement is larger than {MAX_STATEMENT_BYTES // 1024} KB.")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidStatement("The body is not UTF-8 text.") from error
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_short_int)
    except InvalidStatement:
        raise
    except RecursionError as error:
        raise InvalidStatement("The statement is nested too deeply.") from error
    except ValueError as error:  # JSONDecodeError and int() limits alike
        raise InvalidStatement("The body is not JSON.") from error
    return statement_check(data)


def statement_check(data) -> Statement:
    """Check an already parsed statement against the schema. Raises InvalidStatement."""
    statement = _object(data, "The statement")
    try:
        statement_id = uuid.UUID(_string(statement, "id", required=True))
    except ValueError as error:
        raise InvalidStatement("id is not a UUID.") from error
    _object(statement.get("actor", {}), "actor")
    _object(statement.get("context", {}), "context")
    verb = _object(statement.get("verb"), "verb")
    _object(verb.get("display", {}), "verb.display")
    verb_name = VERBS.get(_string(verb, "id", where="verb.", required=True))
    if verb_name is None:
        raise InvalidStatement("Only answered and completed statements are recorded.")
    target = _object(statement.get("object"), "object")
    _object(target.get("definition", {}), "object.definition")
    object_id = _string(target, "id", where="object.", required=True)
    if len(object_id) > MAX_OBJECT_ID_LENGTH or not object_id.isprintable():
        raise InvalidStatement(f"object.id is not an address of at most {MAX_OBJECT_ID_LENGTH} printable characters.")
    result = _object(statement.get("result", {}), "result")
    for key in ("duration", "response"):
        _string(result, key, where="result.")
    raw, maximum, scaled = _score(_object(result.get("score", {}), "result.score"))
    return Statement(
        id=statement_id,
        verb=verb_name,
        object_id=object_id,
        raw=raw,
        max=maximum,
        scaled=scaled,
        success=_boolean(result, "success"),
        completion=_boolean(result, "completion"),
    )


def _score(score: dict) -> tuple[float | None, float | None, float | None]:
    raw, minimum, maximum, scaled = (_number(score, key) for key in ("raw", "min", "max", "scaled"))
    if (raw is None) != (maximum is None):
        raise InvalidStatement("result.score needs both raw and max, or neither.")
    if maximum is not None and not 0 < maximum <= MAX_SCORE:
        raise InvalidStatement(f"result.score.max must be above 0 and at most {MAX_SCORE}.")
    if raw is not None and not 0 <= raw <= maximum:
        raise InvalidStatement("result.score.raw must be between 0 and max.")
    if minimum is not None and minimum != 0:
        raise InvalidStatement("result.score.min must be 0.")
    if scaled is not None and not 0 <= scaled <= 1:
        raise InvalidStatement("result.score.scaled must be between 0 and 1.")
    if scaled is not None and raw is not None and abs(scaled - raw / maximum) > SCALED_TOLERANCE:
        raise InvalidStatement("result.score.scaled does not agree with raw / max.")
    return raw, maximum, scaled


def _object(value, name: str) -> dict:
    if not isinstance(value, dict):
        raise InvalidStatement(f"{name} must be a JSON object.")
    return value


def _string(container: dict, key: str, where: str = "", required: bool = False) -> str | None:
    value = container.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise InvalidStatement(f"{where}{key} must be a string.")
    return value


def _number(score: dict, key: str) -> float | None:
    value = score.get(key)
    if value is None:
        return None
    # bool is a subclass of int in Python: true must not pass for 1.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidStatement(f"result.score.{key} must be a number.")
    return float(value)


def _boolean(result: dict, key: str) -> bool | None:
    value = result.get(key)
    if value is not None and not isinstance(value, bool):
        raise InvalidStatement(f"result.{key} must be true or false.")
    return value


def _refuse_constant(name: str):
    raise InvalidStatement(f"{name} is not a number this server accepts.")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InvalidStatement("A number in the statement is too large.")
    return value


def _short_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise InvalidStatement("A number in the statement is too long.")
    return int(text)
