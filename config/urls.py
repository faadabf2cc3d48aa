from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("prevex.outreach.urls")),
    path("", include("prevex.situations.urls")),
    path("compte/", include("prevex.accounts.urls")),
    path("equipe/", include("prevex.organisations.urls")),
    path("imports/", include("prevex.imports.urls")),
    path("identification/", include("prevex.intake.urls")),
    path("bilan/", include("prevex.reports.urls")),
    path("journal/", include("prevex.journal.urls")),
    path("donnees/", include("prevex.privacy.urls")),
    # outreach (aller-vers)
    path("aller-vers/courriers/", include("prevex.outreach.letters.urls")),
    path("aller-vers/tournees/", include("prevex.outreach.rounds.urls")),
    path("aller-vers/locataire/", include("prevex.outreach.tenant.urls")),
    # support (accompagnement)
    path("accompagnement/notes/", include("prevex.support.notes.urls")),
    path("accompagnement/audience/", include("prevex.support.hearing.urls")),
    path("accompagnement/diagnostic/", include("prevex.support.diagnosis.urls")),
    path("accompagnement/preconisations/", include("prevex.support.actions.urls")),
    path("aller-vers/messages/", include("prevex.outreach.messaging.urls")),
    path("admin/", admin.site.urls),
]
