import argparse

from django.core.management.base import BaseCommand
from django.utils import timezone

from prevex.organisations.commands import team_option
from prevex.organisations.models import Team
from prevex.privacy.services import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise les situations clôturées dont la durée de conservation de l'équipe est écoulée, purge le "
        "journal au-delà de sa propre durée, les fichiers importés et leur détail après leur délai, et les "
        "sessions expirées (clearsessions). Sans --commit : aperçu, rien n'est modifié. À lancer "
        "chaque nuit (cron ou minuteur systemd, voir docs/retention.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="anonymiser et purger pour de bon")
        # The former name of --commit, kept for the crontabs that still say it.
        parser.add_argument("--wet-run", dest="commit", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument(
            "--team", help="identifiant d'une seule équipe (les purges des imports et des sessions restent générales)"
        )

    def handle(self, *args, commit, team, **options):
        teams = Team.objects.filter(pk=team_option(team).pk) if team else Team.objects.all()
        report = apply_retention(teams, today=timezone.localdate(), wet=commit)
        verb = "anonymisées" if commit else "à anonymiser"
        for slug, references in report["situations"].items():
            self.stdout.write(f"{slug} : {len(references)} situation(s) {verb}")
            for reference in references:
                self.stdout.write(f"  {reference}")
        purged = report["purged"]
        if commit:
            self.stdout.write(f"Journal : {report['journal_purged']} entrée(s) purgée(s).")
            self.stdout.write(f"Imports : {purged['imports']} fichier(s) et détail(s) supprimé(s).")
            self.stdout.write(f"Sessions expirées : {purged['sessions']} supprimée(s).")
            self.stdout.write(f"Réponses non classées : {purged['messaging']} écartée(s) et effacée(s).")
        else:
            self.stdout.write(
                f"Imports à purger : {purged['imports']} ; sessions expirées : {purged['sessions']} ; "
                f"réponses non classées à écarter : {purged['messaging']}."
            )
            self.stdout.write("Aperçu seulement : rien n'a été modifié (ajoutez --commit).")
