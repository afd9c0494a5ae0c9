"""An HTTP SMS gateway on 127.0.0.1 for tests and the benchmark, speaking what HttpGatewayBackend
sends: `POST /send` with JSON {to, text, sender, reference}.

It records every message it accepted, in `received`; `fail_first(n, status)` makes the next n
calls answer `status` (503: the gateway is down) before it accepts again; `refuse(number)` answers
400 for one number (not a phone the gateway can reach); `delay` makes every answer late.
"""

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FakeSmsGateway:
    received: list[dict] = field(default_factory=list)
    calls: int = 0
    authorisations: list[str] = field(default_factory=list)
    failures_left: int = 0
    failure_status: int = 503
    refused: set[str] = field(default_factory=set)
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/send"

    def fail_first(self, count: int, status: int = 503) -> None:
        with self.lock:
            self.failures_left, self.failure_status = count, status

    def refuse(self, number: str) -> None:
        self.refused.add(number)

    def references(self) -> list[str]:
        return [message["reference"] for message in self.received]

    def answer(self, body: bytes, authorisation: str) -> tuple[int, dict]:
        if self.delay:
            time.sleep(self.delay)
        payload = json.loads(body)
        with self.lock:
            self.calls += 1
            self.authorisations.append(authorisation)
            if self.failures_left:
                self.failures_left -= 1
                return self.failure_status, {"error": "unavailable"}
            if payload.get("to") in self.refused:
                return 400, {"error": "invalid destination"}
            self.received.append(payload)
            return 200, {"id": f"gw-{len(self.received)}"}

    def start(self) -> "FakeSmsGateway":
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = gateway.answer(body, self.headers.get("Authorization", ""))
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
