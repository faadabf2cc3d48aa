"""Development: each SMS is written to the standard output (never in production: `check --deploy` warns)."""

import sys

from prevex.outreach.sms.base import Backend, Outgoing, Result


class ConsoleBackend(Backend):
    name = "console"
    supports_idempotency = True  # nothing leaves the machine: sending again is harmless

    def send(self, outgoing: Outgoing) -> Result:
        sys.stdout.write(f"--- SMS de {outgoing.sender} à {outgoing.to}\n{outgoing.body}\n---\n")
        sys.stdout.flush()
        return Result(provider=self.name, message_id=outgoing.idempotency_key)
