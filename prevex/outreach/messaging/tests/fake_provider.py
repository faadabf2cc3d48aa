"""A fake SMS / e-mail provider: a real HTTP server on 127.0.0.1 (a thread), answering each request with the next
scripted answer (status, JSON, delay) and keeping what it received. The shipped adapters talk to it as to the
provider; nothing of ours is mocked. Also used by the bench (bench/run.py) and the worker tests."""

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The providers' answers to a send, as their documentation shows them (docs/messages.md); "$n" is the request's
# number. Brevo: 201 (POST /v3/transactionalSMS/send: {"messageId"} only; the deprecated /sms gave more, the
# adapter reads both). OVH: 200 (POST /1.0/sms/{serviceName}/jobs).
BREVO_SENT = {"messageId": "$n"}
BREVO_SENT_DEPRECATED_ROUTE = {"reference": "ab1cde2fgh3i4jklmno", "messageId": "$n", "smsCount": 1,
                               "usedCredits": 0.045, "remainingCredits": 82.85}  # fmt: skip
OVH_SENT = {"totalCreditsRemoved": 1, "invalidReceivers": [], "ids": ["$n"], "validReceivers": ["+33612345678"],
            "tag": "prevex"}  # fmt: skip
# Their errors: Brevo {"code", "message"} (400, 401, 402 no credits, 403); OVH {"errorCode", "httpCode", "message"}
# (400 INVALID_SIGNATURE) or {"class", "message"}. Brevo's exact `code` for a 402 was not found documented: the
# adapters classify by the status.
BREVO_NO_CREDITS = {"code": "not_enough_credits", "message": "You don't have enough credits to send SMS"}
OVH_BAD_SIGNATURE = {"errorCode": "INVALID_SIGNATURE", "httpCode": "400 Bad Request", "message": "Invalid signature"}


@dataclass
class Answer:
    status: int = 200
    body: dict | None = None
    delay: float = 0.0  # seconds before answering (a timeout, a request held while a worker is killed)


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


class FakeProvider:
    def __init__(self, default: Answer | None = None):
        self.default = default or Answer(200, {"messageId": 1})
        self.script: list[Answer] = []
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.count = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # TCP_NODELAY, as a provider's front end: else the answer's headers and body, written apart, wait for
            # the client's delayed ACK (40 ms a request on Linux, the bench's bare loop at 22 calls/s)
            disable_nagle_algorithm = True

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with provider.lock:
                    provider.count += 1
                    provider.received.append(Received(self.command, self.path, dict(self.headers), body))
                    answer = provider.script.pop(0) if provider.script else provider.default
                    number = provider.count
                if answer.delay:
                    time.sleep(answer.delay)
                payload = answer.body if answer.body is not None else {"messageId": number}
                data = json.dumps(payload).replace('"$n"', str(number)).replace("$n", str(number)).encode()
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (a timeout, a killed worker)
                    pass

            do_POST = do_GET = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
