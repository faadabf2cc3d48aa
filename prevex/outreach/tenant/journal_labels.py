"""How the journal names the entries of the tenant's page made with an unknown token (those with a known one
are about their situation, named by the situations app)."""

from django.utils.translation import gettext as _

from prevex.audit.presenters import Target, describes


@describes("tenant_page.tenantlink")
def unknown_links(entries, viewer) -> dict:
    return {entry.pk: Target(_("la page personnelle d'un locataire (lien inconnu)")) for entry in entries}
