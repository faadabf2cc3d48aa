"""Every minute (cron or a systemd timer, beside `db_worker`): the sends a dead worker left half-done are
recovered (retried with their key, or « à vérifier »), and the queued messages whose moment has come are handed
to the worker (those a backend could not defer). Safe to run any number of times."""

from django.core.management.base import BaseCommand

from prevex.outreach.messaging import services


class Command(BaseCommand):
    help = "Reprend les envois interrompus et confie au worker les messages dont l'heure est venue."

    def handle(self, *args, **options):
        recovered = services.recover_stuck()
        due = services.dispatch_due()
        counts = " ".join(f"{key}={count}" for key, count in recovered.items())
        self.stdout.write(f"{counts} enqueued={due}")
