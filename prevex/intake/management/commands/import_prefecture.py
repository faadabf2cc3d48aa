import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from prevex.imports.pipeline import Decision, conflict_lines
from prevex.imports.reading import ImportFileError
from prevex.intake.prefecture import services
from prevex.organisations.commands import date_option, team_option
from prevex.situations.services import TimelineRefused


class Command(BaseCommand):
    help = (
        "Importe une liste d'assignations de la préfecture (.xlsx, .xls, .csv). Sans --commit : aperçu, rien "
        "n'est écrit. Sans --profile : la correspondance des colonnes suggérée (ou le profil enregistré pour ce "
        "format de fichier) est utilisée et affichée."
    )

    def add_arguments(self, parser):
        parser.add_argument("--team", required=True, help="identifiant de l'équipe")
        parser.add_argument("--profile", help="nom d'un profil de correspondance enregistré par l'équipe")
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="écrire les nouvelles situations et les mises à jour")
        parser.add_argument("--received-on", help="date de réception de la liste (aaaa-mm-jj ; par défaut aujourd'hui)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, team, file, commit, profile, received_on, format, **options):
        team_obj = team_option(team)
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        received = date_option(received_on, "--received-on") or timezone.localdate()
        if received > timezone.localdate():
            raise CommandError(f"La date de réception ne peut pas être dans le futur : {received:%d/%m/%Y}")
        data = file.read_bytes()
        try:
            preview = services.preview_list(
                team=team_obj, data=data, filename=file.name, profile_name=profile, received_on=received
            )
            if preview.problems:
                raise ImportFileError(*preview.problems)
            written = None
            if commit:
                batch = services.batch_upload(
                    team=team_obj, data=data, filename=file.name, user=None, received_on=received, profile_name=profile
                )
                written = services.batch_commit(batch=batch, user=None)
        except (ImportFileError, TimelineRefused) as error:
            raise CommandError("\n".join([f"« {file.name} » ne peut pas être importé :", *error.messages])) from error
        if format == "json":
            self.stdout.write(json.dumps(preview.report(), ensure_ascii=False, indent=2))
        else:
            self._print(preview, written)

    def _print(self, preview, written) -> None:
        counts = preview.counts()
        self.stdout.write("Correspondance des colonnes :")
        for header, field in preview.mapping_by_header().items():
            self.stdout.write(f"  {header} → {field}")
        self.stdout.write(
            f"Lignes lues : {counts['rows']} ; nouvelles : {counts[Decision.NEW]} ; "
            f"mises à jour : {counts[Decision.UPDATE]} ; doublons : {counts[Decision.DUPLICATE]} ; "
            f"en conflit : {counts[Decision.CONFLICT]} ; non éligibles : {counts[Decision.NOT_ELIGIBLE]} ; "
            f"en erreur : {counts[Decision.ERROR]}."
        )
        for line in conflict_lines(preview.rows):
            self.stdout.write(line)
        for error in preview.errors():
            self.stdout.write(f"Ligne {error['row']}, colonne « {error['column']} » : {error['message']}")
        if written is None:
            self.stdout.write("Aperçu seulement : rien n'a été écrit (ajoutez --commit pour importer).")
        else:
            self.stdout.write(
                f"Import enregistré. Situations créées : {written['created']} ; mises à jour : {written['updated']}."
            )
