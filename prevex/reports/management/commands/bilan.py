"""`manage.py bilan`: the bilan of a team as JSON (the shape of docs/bilan.md) or as an Excel file.

`--funder`: the bilan a funder reads on the page (whole months, the whole team, small figures masked: null in
JSON, with their keys under "masked"), for a file sent to a funder."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from prevex.organisations.commands import date_option, team_option
from prevex.reports.bilan import BilanScope, compute_bilan, validate_period
from prevex.reports.exports import bilan_xlsx
from prevex.reports.secrecy import mask_small_figures
from prevex.territories.models import Commune

FORMATS = ("json", "xlsx")


def bilan_json(bilan: dict) -> str:
    return json.dumps(bilan, indent=2, ensure_ascii=False)


def masked_keys_of(bilan: dict, prefix: str = "") -> list[str]:
    """The keys of the masked (None) figures of a masked bilan."""
    keys = []
    for key, value in bilan.items():
        if isinstance(value, dict):
            keys += masked_keys_of(value, f"{prefix}{key}.")
        elif value is None:
            keys.append(f"{prefix}{key}")
    return keys


def _one(queryset, value: str | None, message: str, **lookup):
    """The object matching `lookup`, None when the option is absent, or a CommandError."""
    if value is None:
        return None
    found = queryset.filter(**lookup).first()
    if found is None:
        raise CommandError(message % {"value": value})
    return found


class Command(BaseCommand):
    help = "Affiche le bilan d'une équipe en JSON, ou l'écrit dans un fichier Excel."

    def add_arguments(self, parser):
        parser.add_argument("--team", help="Identifiant de l'équipe (ex. essonne).")
        parser.add_argument("--start", help="Début de la période de réception des situations, AAAA-MM-JJ.")
        parser.add_argument("--end", help="Fin de la période de réception des situations, AAAA-MM-JJ.")
        parser.add_argument("--as-of", dest="as_of", help="Date d'arrêté du bilan, AAAA-MM-JJ.")
        parser.add_argument("--sector", help="Nom d'un secteur de l'équipe.")
        parser.add_argument("--commune", help="Code INSEE d'une commune.")
        parser.add_argument("--organisation", help="Nom d'une organisation de l'équipe.")
        parser.add_argument("--format", default="json", help="json (par défaut) ou xlsx.")
        parser.add_argument("--output", help="Fichier à écrire (obligatoire pour xlsx).")
        parser.add_argument(
            "--funder",
            action="store_true",
            help="Le bilan tel qu'un financeur le lit : mois entiers, toute l'équipe, petits effectifs masqués.",
        )

    def handle(self, *args, **options):
        output_format, output = options["format"], options["output"]
        if output_format not in FORMATS:
            raise CommandError(f"Format inconnu : « {output_format} » (json ou xlsx).")
        if output_format == "xlsx" and not output:
            raise CommandError("Précisez le fichier à écrire avec --output pour le format xlsx.")
        funder = options["funder"]
        scope = self.scope(options)
        bilan = mask_small_figures(compute_bilan(scope)) if funder else compute_bilan(scope)
        if output_format == "xlsx":
            Path(output).write_bytes(bilan_xlsx(scope, bilan, secret=funder))
            self.stderr.write(f"Bilan écrit dans {output}.")
            return
        if funder:
            bilan["masked"] = sorted(masked_keys_of(bilan))
        if output:
            Path(output).write_text(bilan_json(bilan) + "\n", encoding="utf-8")
        else:
            self.stdout.write(bilan_json(bilan))

    def scope(self, options) -> BilanScope:
        team = team_option(options["team"])
        start, end = (
            date_option(options["start"], "--start", required=True),
            date_option(options["end"], "--end", required=True),
        )
        as_of = date_option(options["as_of"], "--as-of", required=True)
        try:
            validate_period(start, end, as_of, today=timezone.localdate(), whole_months=options["funder"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        sector, commune, organisation = options["sector"], options["commune"], options["organisation"]
        if options["funder"] and (sector or commune or organisation):
            raise CommandError(
                "Le bilan d'un financeur porte sur toute l'équipe : retirez --sector, --commune et --organisation."
            )
        return BilanScope(
            team=team,
            start=start,
            end=end,
            as_of=as_of,
            sector=_one(team.sectors, sector, "Secteur inconnu dans cette équipe : « %(value)s ».", name=sector),
            commune=_one(Commune.objects, commune, "Commune inconnue : « %(value)s ».", insee_code=commune),
            organisation=_one(
                team.organisations,
                organisation,
                "Organisation inconnue dans cette équipe : « %(value)s ».",
                name=organisation,
            ),
        )
