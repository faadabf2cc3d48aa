from django.core.management.base import BaseCommand, CommandError

from prevex.organisations.services import team_setup


class Command(BaseCommand):
    help = "Crée une équipe (ou met à jour son nom), charge les communes de son département. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--departement", required=True)

    def handle(self, *args, slug, name, departement, **options):
        try:
            team, created = team_setup(slug=slug, name=name, departement=departement)
        except ValueError as error:
            raise CommandError(f"Département inconnu : {departement}") from error
        verb = "créée" if created else "déjà présente, mise à jour"
        self.stdout.write(f"Équipe « {team.name} » ({team.slug}) {verb} ; {team.sectors.count()} secteurs.")
