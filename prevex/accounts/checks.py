"""`manage.py check --deploy`: no demo account outside demo mode, no e-mail backend that keeps the mails."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

KEEPING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register(Tags.security, deploy=True)
def demo_accounts_outside_demo_mode(app_configs=None, **kwargs):
    if settings.DEMO_MODE:
        return []
    from prevex.accounts.models import User

    try:
        usernames = list(User.objects.filter(is_demo=True, is_active=True).values_list("username", flat=True)[:10])
    except DatabaseError:  # no database yet (building an image): nothing to check
        return []
    if not usernames:
        return []
    return [
        Error(
            f"Comptes de démonstration présents hors du mode démonstration : {', '.join(usernames)}.",
            hint="Leur mot de passe est publié. Désactivez-les (admin : décocher « Actif ») ou supprimez-les ; ou "
            "activez PREVEX_DEMO si cette instance est une démonstration.",
            id="prevex.E001",
        )
    ]


@register(Tags.security, deploy=True)
def email_backend_sends(app_configs=None, **kwargs):
    if settings.DEBUG or settings.EMAIL_BACKEND not in KEEPING_BACKENDS:
        return []
    return [
        Warning(
            f"EMAIL_BACKEND est {settings.EMAIL_BACKEND} : les e-mails (liens de réinitialisation du mot de passe "
            "compris) ne partent pas et sont écrits dans les journaux ou gardés en mémoire.",
            hint="Configurez l'envoi SMTP (EMAIL_BACKEND, EMAIL_HOST…).",
            id="prevex.W002",
        )
    ]
