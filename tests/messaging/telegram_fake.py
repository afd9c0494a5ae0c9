"""A Telegram Bot API on 127.0.0.1 for tests: it records every call and answers as Telegram does.

Telegram's answers, as documented for the Bot API: every method is `POST <api>/bot<token>/<method>`
and answers `{"ok": true, "result": ...}`, or `{"ok": false, "error_code": n, "description": ...}`
with the same HTTP status, and `parameters.retry_after` on 429 (flood control). A chat whose person
blocked the bot answers 403 "Forbidden: bot was blocked by the user"; a chat the bot never had,
400 "Bad Request: chat not found"; a wrong bot token, 401 "Unauthorized".

Tests script failures: `block(chat_id)`, `forget(chat_id)`, `fail_next(method, status, ...)` for the
next calls of a method, `delay` to make every answer late (a timeout for a client with a shorter one).
"""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest

BLOCKED = "Forbidden: bot was blocked by the user"
CHAT_NOT_FOUND = "Bad Request: chat not found"


@dataclass
class BotApiCall:
    method: str
    params: dict
    token: str


@dataclass
class ScriptedFailure:
    status: int
    description: str
    retry_after: int | None = None
    body: bytes | None = None  # a raw answer instead of Telegram's JSON (a proxy's HTML page)


@dataclass
class FakeBotApi:
    token: str = "123456:TEST-fake-bot-token"
    delay: float = 0.0
    calls: list[BotApiCall] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    unknown: set[int] = field(default_factory=set)
    _failures: dict[str, list[ScriptedFailure]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _accepted: list[BotApiCall] = field(default_factory=list)
    _message_ids: int = 0
    _server: ThreadingHTTPServer | None = None

    # Scripting -------------------------------------------------------------------------------

    def block(self, chat_id: int) -> None:
        """The person of this chat blocked the bot: every message to it is refused with 403."""
        self.blocked.add(int(chat_id))

    def forget(self, chat_id: int) -> None:
        """Telegram does not know this chat (deleted account): 400 chat not found."""
        self.unknown.add(int(chat_id))

    def fail_next(
        self, method: str, status: int, description: str, *, retry_after: int | None = None, times: int = 1, body=None
    ) -> None:
        """The next `times` calls of `method` fail with this answer, whatever they ask."""
        with self._lock:
            queue = self._failures.setdefault(method, [])
            queue.extend(ScriptedFailure(status, description, retry_after, body) for _ in range(times))

    # What happened -----------------------------------------------------------------------------

    def calls_of(self, method: str) -> list[BotApiCall]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    @property
    def delivered(self) -> list[tuple[int, str]]:
        """(chat id, text) of every message Telegram accepted, in order."""
        with self._lock:
            return [(int(call.params["chat_id"]), call.params["text"]) for call in self._accepted]

    # The server --------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeBotApi":
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="fake-bot-api", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "FakeBotApi":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _answer(self, token: str, method: str, params: dict) -> tuple[int, bytes]:
        with self._lock:
            self.calls.append(BotApiCall(method, params, token))
            if token != self.token:
                return _error(401, "Unauthorized")
            queue = self._failures.get(method)
            if queue:
                failure = queue.pop(0)
                if failure.body is not None:
                    return failure.status, failure.body
                return _error(failure.status, failure.description, failure.retry_after)
            if method == "sendMessage":
                return self._send_message(params)
            if method == "setWebhook":
                if not str(params.get("url", "")).startswith("https://") and params.get("url"):
                    return _error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
                return _ok(True, description="Webhook was set")
            if method == "getMe":
                return _ok({"id": int(self.token.split(":")[0]), "is_bot": True, "username": "sala_test_bot"})
            return _error(404, "Not Found")

    def _send_message(self, params: dict) -> tuple[int, bytes]:
        if "chat_id" not in params or not params.get("text"):
            return _error(400, "Bad Request: message text is empty")
        try:
            chat_id = int(params["chat_id"])
        except (TypeError, ValueError):
            return _error(400, CHAT_NOT_FOUND)
        if chat_id in self.blocked:
            return _error(403, BLOCKED)
        if chat_id in self.unknown:
            return _error(400, CHAT_NOT_FOUND)
        if len(params["text"]) > 4096:
            return _error(400, "Bad Request: message is too long")
        self._message_ids += 1
        self._accepted.append(self.calls[-1])
        message = {
            "message_id": self._message_ids,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "text": params["text"],
        }
        return _ok(message)

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                kind = self.headers.get("Content-Type", "").split(";")[0].strip()
                if kind == "application/json":
                    params = json.loads(raw.decode("utf-8")) if raw else {}
                else:
                    params = dict(parse_qsl(raw.decode("utf-8")))
                self._respond(params)

            def do_GET(self):
                path, _, query = self.path.partition("?")
                self._respond(dict(parse_qsl(query)), path=path)

            def _respond(self, params, path=None):
                path = path or self.path.partition("?")[0]
                prefix, _, method = path.lstrip("/").partition("/")
                token = prefix[3:] if prefix.startswith("bot") else ""
                if fake.delay:
                    time.sleep(fake.delay)
                status, body = fake._answer(token, method, params)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        return Handler


def _ok(result, description: str | None = None) -> tuple[int, bytes]:
    answer = {"ok": True, "result": result}
    if description:
        answer["description"] = description
    return 200, json.dumps(answer).encode("utf-8")


def _error(status: int, description: str, retry_after: int | None = None) -> tuple[int, bytes]:
    answer = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        answer["parameters"] = {"retry_after": retry_after}
    return status, json.dumps(answer).encode("utf-8")


def start_update(chat_id: int, text: str, *, update_id: int = 1, language_code: str = "en") -> dict:
    """The update Telegram posts to the webhook when a person sends `text` to the bot in private."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Sophea", "language_code": language_code},
            "chat": {"id": chat_id, "first_name": "Sophea", "type": "private"},
            "date": int(time.time()),
            "text": text,
            "entities": [{"offset": 0, "length": len(text.split(" ")[0]), "type": "bot_command"}],
        },
    }


WEBHOOK_SECRET = "test-webhook-secret-0123456789-abcdefghij"
BOT_USERNAME = "sala_test_bot"


@pytest.fixture
def bot_api(settings):
    """Telegram on, talking to a fake Bot API on 127.0.0.1 (stopped after the test)."""
    fake = FakeBotApi().start()
    settings.SALA_TELEGRAM_API_URL = fake.url
    settings.SALA_TELEGRAM_BOT_TOKEN = fake.token
    settings.SALA_TELEGRAM_BOT_USERNAME = BOT_USERNAME
    settings.SALA_TELEGRAM_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.SALA_TELEGRAM_TIMEOUT_SECONDS = 2
    yield fake
    fake.stop()
