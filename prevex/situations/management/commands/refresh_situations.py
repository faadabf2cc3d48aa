from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.bulk import chunks
from prevex.organisations.commands import team_option
from prevex.organisations.models import Team
from prevex.situations.models import Situation
from prevex.situations.services import refresh_states, refresh_texts

CHUNK = 10_000  # situations per transaction


class Command(BaseCommand):
    help = (
        "Recalcule ce que Prevex déduit de chaque situation : texte de recherche, clé du ménage (reconnaissance "
        "lors des imports) et état tiré de l'historique. À lancer après une mise à jour qui le demande."
    )

    def add_arguments(self, parser):
        parser.add_argument("--team", help="identifiant d'une seule équipe (par défaut : toutes)")

    def handle(self, *args, team, **options):
        situations = Situation.objects.filter(team=team_option(team)) if team else Situation.objects.all()
        pks = list(situations.order_by("pk").values_list("pk", flat=True))
        for chunk in chunks(pks, CHUNK):
            with transaction.atomic():
                refresh_texts(chunk)
                refresh_states(chunk)
                _journal(chunk)
        self.stdout.write(f"{len(pks)} situation(s) recalculée(s).")


def _journal(pks: list[int]) -> None:
    """One entry per team, in the same transaction: the household keys and states a préfecture list is decided
    against may have changed (its kept preview is then decided again, `imports.watermark`)."""
    situations = Situation.objects.filter(pk__any=pks).order_by()
    per_team = dict(situations.values_list("team").annotate(count=Count("id")))
    for team in Team.objects.filter(pk__in=per_team):
        details = {"refreshed": per_team[team.pk]}
        AuditEntry.log(actor=None, action=AuditAction.UPDATE, target=team, team=team, details=details)
