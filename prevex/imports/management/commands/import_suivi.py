from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prevex.imports import services
from prevex.imports.reading import ImportFileError
from prevex.imports.tracking_sheet import Decision
from prevex.organisations.models import Team


class Command(BaseCommand):
    help = "Importe le tableau de suivi d'une équipe (.xlsx ou .csv). Sans --commit : aperçu, rien n'est écrit."

    def add_arguments(self, parser):
        parser.add_argument("--team", required=True, help="identifiant de l'équipe")
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="écrire les lignes valides")

    def handle(self, *args, team, file, commit, **options):
        team_obj = Team.objects.filter(slug=team).first()
        if team_obj is None:
            raise CommandError(f"Équipe inconnue : {team}")
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        data = file.read_bytes()
        try:
            result = services.read_preview(team=team_obj, data=data, filename=file.name)
            self._print_preview(result)
            if commit and not result.file_errors:
                written = services.import_file(team=team_obj, data=data, filename=file.name)
                self.stdout.write(
                    f"Importé : {written['created']} situations créées, "
                    f"{written['updated']} mises à jour, {written['events']} événements."
                )
            elif not commit:
                self.stdout.write("Aperçu seulement : rien n'a été écrit (ajoutez --commit pour importer).")
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if result.file_errors:
            raise CommandError("Le fichier ne peut pas être importé.")

    def _print_preview(self, result) -> None:
        counts = result.counts
        self.stdout.write(
            f"{len(result.rows)} lignes : {counts[Decision.NEW]} nouvelles, {counts[Decision.UPDATE]} mises à jour, "
            f"{counts[Decision.UNCHANGED]} inchangées, {counts[Decision.ERROR]} en erreur."
        )
        if result.ignored_columns:
            self.stdout.write("Colonnes ignorées : " + ", ".join(result.ignored_columns))
        for error in result.errors:
            self.stdout.write(str(error))
