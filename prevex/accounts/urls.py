from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from prevex.accounts import views
from prevex.accounts.forms import LoginForm, QuietPasswordResetForm

app_name = "accounts"

urlpatterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
            extra_context={"oidc_label": settings.PREVEX_OIDC_LABEL if settings.PREVEX_OIDC_ENABLED else ""},
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("second-facteur/", views.second_factor_verify, name="second_factor_verify"),
    path("second-facteur/activer/", views.second_factor_enrol, name="second_factor_enrol"),
    path("second-facteur/nouveau-telephone/", views.second_factor_restart, name="second_factor_restart"),
    path("second-facteur/codes-de-secours/", views.recovery_codes, name="recovery_codes"),
    path("confirmer/", views.reauth, name="reauth"),
    path("securite/", views.security, name="security"),
    path(
        "mot-de-passe/",
        views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "mot-de-passe/modifie/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "mot-de-passe-oublie/",
        auth_views.PasswordResetView.as_view(
            form_class=QuietPasswordResetForm,
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe-oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe-oublie/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe-oublie/termine/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
if settings.PREVEX_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("prevex.accounts.oidc")))
