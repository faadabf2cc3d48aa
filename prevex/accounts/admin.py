from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from prevex.accounts import journal
from prevex.accounts.models import User
from prevex.accounts.second_factor import reset_second_factor
from prevex.audit.models import AuditAction, AuditEntry

# django-otp's device pages would let the administrator read or copy someone's second factor (the TOTP key,
# the recovery codes): none is in the admin. A lost phone is reset by the action on the account, journaled.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(User)
class PrevexUserAdmin(UserAdmin):
    actions = ["reset_second_factors"]

    @admin.action(description=_("Réinitialiser le second facteur (téléphone perdu)"))
    def reset_second_factors(self, request, queryset):
        for user in queryset:
            reset_second_factor(user, actor=request.user)
        self.message_user(
            request,
            _("Second facteur réinitialisé : %(count)s compte(s) l'activeront à leur prochaine connexion.")
            % {"count": queryset.count()},
            messages.SUCCESS,
        )

    def user_change_password(self, request, id, form_url=""):
        """The administrator's new password for an account goes to the journal of the account's team."""
        user = self.get_object(request, unquote(id))
        before = user.password if user else None
        response = super().user_change_password(request, id, form_url)
        if user is not None and request.method == "POST":
            user.refresh_from_db(fields=["password"])
            if user.password != before:
                journal.password_changed(request, user, actor=request.user, how="admin")
        return response

    def save_model(self, request, obj, form, change):
        """A new account, or the fields changed (names only): an e-mail address changed, then a reset link asked,
        is also a way into an account."""
        super().save_model(request, obj, form, change)
        action = AuditAction.UPDATE if change else AuditAction.CREATE
        if not change or form.changed_data:
            AuditEntry.log(
                actor=request.user,
                action=action,
                target=obj,
                team=journal.team_of(obj),
                details={"fields": sorted(form.changed_data)},
            )
