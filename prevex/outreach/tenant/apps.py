from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantPageConfig(AppConfig):
    name = "prevex.outreach.tenant"
    label = "tenant_page"
    verbose_name = _("Page du locataire")

    def ready(self):
        from prevex.outreach.tenant import journal_labels  # noqa: F401  (registers the journal's describer)
