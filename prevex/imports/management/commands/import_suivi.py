from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prevex.imports.pipeline import Decision, conflict_lines
from prevex.imports.reading import ImportFileError
from prevex.imports.suivi import services
from prevex.organisations.commands import team_option
from prevex.situations.services import TimelineRefused


class Command(BaseCommand):
    help = "Importe le tableau de suivi d'une équipe (.xlsx ou .csv). Sans --commit : aperçu, rien n'est écrit."

    def add_arguments(self, parser):
        parser.add_argument("--team", required=True, help="identifiant de l'équipe")
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="écrire les lignes valides")

    def handle(self, *args, team, file, commit, **options):
        team_obj = team_option(team)
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        data = file.read_bytes()
        try:
            if commit:
                result, written = services.import_sheet(team=team_obj, data=data, filename=file.name)
            else:
                result, written = services.read_preview(team=team_obj, data=data, filename=file.name), None
        except (ImportFileError, TimelineRefused) as error:
            raise CommandError("\n".join(error.messages)) from error
        if result.file_errors:
            raise CommandError("\n".join(["Le fichier ne peut pas être importé :", *map(str, result.file_errors)]))
        self._print_preview(result)
        if written is None:
            self.stdout.write("Aperçu seulement : rien n'a été écrit (ajoutez --commit pour importer).")
        else:
            self.stdout.write(
                f"Import enregistré. Situations créées : {written['created']} ; "
                f"mises à jour : {written['updated']} ; événements ajoutés : {written['events']}."
            )

    def _print_preview(self, result) -> None:
        counts = result.counts
        self.stdout.write(
            f"Lignes lues : {len(result.rows)} ; nouvelles : {counts[Decision.NEW]} ; "
            f"mises à jour : {counts[Decision.UPDATE]} ; inchangées : {counts[Decision.UNCHANGED]} ; "
            f"en conflit : {counts[Decision.CONFLICT]} ; en erreur : {counts[Decision.ERROR]}."
        )
        for line in conflict_lines(result.rows):
            self.stdout.write(line)
        if result.ignored_columns:
            self.stdout.write("Colonnes ignorées : " + ", ".join(result.ignored_columns))
        for error in result.errors:
            self.stdout.write(str(error))
