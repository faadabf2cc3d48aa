from django.urls import path

from prevex.outreach.tenant import views

app_name = "tenant_page"

urlpatterns = [
    path("equipe/contact/", views.contact, name="contact"),
    path("situations/<uuid:public_id>/revoquer/", views.revoke, name="revoke"),
    # Public: the token is the key (tests/test_every_url.py: the one public page of a household).
    path("<str:link_token>/", views.page, name="page"),
]
