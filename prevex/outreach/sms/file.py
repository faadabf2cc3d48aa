"""Development and tests: each SMS is one JSON file named by its idempotency key in PREVEX_SMS_FILE_PATH (a
second send with the same key rewrites the same file: idempotent, like a provider that takes a key)."""

import json
from pathlib import Path

from django.conf import settings

from prevex.outreach.sms.base import Backend, Outgoing, Result


class FileBackend(Backend):
    name = "file"
    supports_idempotency = True

    def __init__(self):
        self.folder = Path(settings.PREVEX_SMS_FILE_PATH)

    def send(self, outgoing: Outgoing) -> Result:
        self.folder.mkdir(parents=True, exist_ok=True)
        content = {"to": outgoing.to, "sender": outgoing.sender, "body": outgoing.body}
        (self.folder / f"{outgoing.idempotency_key}.json").write_text(json.dumps(content, ensure_ascii=False))
        return Result(provider=self.name, message_id=outgoing.idempotency_key)
