from django.urls import path

from prevex.outreach.letters import views

app_name = "letters"

urlpatterns = [
    path("", views.today, name="today"),
    path("du-jour.pdf", views.batch_pdf, name="batch_pdf"),
    path("envoyes/", views.confirm, name="confirm"),
    path("situations/<uuid:public_id>/<slug:letter_kind>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("situations/<uuid:public_id>/<slug:letter_kind>/word/", views.letter_docx, name="letter_docx"),
    path("situations/<uuid:public_id>/adresse-bailleur/", views.landlord_address, name="landlord_address"),
    path("retours/", views.returned, name="returned"),
    path("retours/<uuid:public_id>/", views.returned_record, name="returned_record"),
    path("modeles/", views.templates, name="templates"),
    path("modeles/<slug:letter_kind>/", views.template_edit, name="template_edit"),
    path("modeles/<slug:letter_kind>/apercu/", views.template_preview, name="template_preview"),
    path("en-tete/", views.letterhead, name="letterhead"),
]
