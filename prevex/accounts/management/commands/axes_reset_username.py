from axes.management.commands.axes_reset_username import Command as AxesCommand
from axes.utils import reset

from prevex.accounts.usernames import hashed_username


class Command(AxesCommand):
    help = "Déverrouille les comptes donnés (identifiants en clair ; la table des échecs n'en garde qu'un HMAC)."

    def handle(self, *args, **options):
        # the HMAC the table keeps, and the login itself for rows written before (if the migration could not)
        count = sum(reset(username=hashed_username(name)) + reset(username=name) for name in options["username"])
        self.stdout.write(f"{count} attempts removed." if count else "No attempts found.")
