from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format

from prevex.accounts.models import User
from prevex.accounts.second_factor import demo_device, secret_of
from prevex.demo.data import DEMO_PASSWORD, DEMO_USERS, demo_load
from prevex.organisations.enums import Role


class Command(BaseCommand):
    help = (
        "Charge l'équipe de démonstration de l'Essonne (comptes, ~350 situations et leurs historiques, deux listes "
        "de la préfecture et la réponse des services sociaux, importées comme sur leurs pages). "
        "Idempotent : ne fait rien si elle est déjà chargée. Réservé au mode démonstration (PREVEX_DEMO)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Charger même si le mode démonstration (PREVEX_DEMO) est désactivé."
        )

    def handle(self, *args, force, **options):
        if not settings.DEMO_MODE and not force:
            raise CommandError(
                "Le mode démonstration est désactivé (PREVEX_DEMO). Les comptes de démonstration partagent un mot "
                "de passe connu : n'utilisez --force que sur une base de test."
            )
        result = demo_load()
        counts = {name: number_format(getattr(result, name), force_grouping=True) for name in ("situations", "events")}
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Données de démonstration chargées dans « {result.team.name} » : "
                    f"{counts['situations']} situations, {counts['events']} événements ; {result.lists} listes de la "
                    "préfecture et la réponse des services sociaux importées (tableau de bord Identification)."
                )
            )
        else:
            self.stdout.write(
                f"Données de démonstration déjà présentes dans « {result.team.name} » "
                f"({counts['situations']} situations) : rien à faire."
            )
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(
            f"\nComptes de démonstration (mot de passe commun : {DEMO_PASSWORD}). Second facteur : en mode "
            "démonstration, la page du code affiche le code actuel ; ou ajoutez la clé du compte à une application "
            "d'authentification :"
        )
        for demo in DEMO_USERS:
            where = demo.organisation or "hors équipe"
            secret = secret_of(demo_device(User.objects.get(username=demo.username)))
            self.stdout.write(
                f"  {Role(demo.role).label:<26} {demo.username:<20} {demo.first_name} {demo.last_name} ({where})"
                f"\n  {'':<26} clé : {secret}"
            )
