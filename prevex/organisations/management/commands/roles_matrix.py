import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from prevex.organisations.permissions import matrix_markdown

START, END = "<!-- matrice: début -->", "<!-- matrice: fin -->"


def roles_document() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "roles.md"


class Command(BaseCommand):
    help = "Affiche la matrice rôle × action du code (tableau de docs/roles.md) ; --write met à jour docs/roles.md."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="remplace le tableau de docs/roles.md")
        parser.add_argument("--check", action="store_true", help="échoue si docs/roles.md diffère du code")

    def handle(self, *args, write, check, **options):
        table = matrix_markdown()
        if not (write or check):
            self.stdout.write(table)
            return
        path = roles_document()
        text = path.read_text()
        pattern = re.compile(re.escape(START) + r"\n.*?\n" + re.escape(END), re.DOTALL)
        if not pattern.search(text):
            raise CommandError(f"{path}: marqueurs {START} … {END} introuvables")
        updated = pattern.sub(lambda _: f"{START}\n{table}\n{END}", text)
        if check:
            if updated != text:
                raise CommandError(f"{path} ne reflète pas la matrice du code : python manage.py roles_matrix --write")
            self.stdout.write(f"{path.name} : à jour.")
            return
        path.write_text(updated)
        self.stdout.write(f"{path.name} : {'mis à jour' if updated != text else 'déjà à jour'}.")
