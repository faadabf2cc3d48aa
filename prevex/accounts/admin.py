from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from prevex.accounts.models import User
from prevex.accounts.second_factor import reset_second_factor


@admin.register(User)
class PrevexUserAdmin(UserAdmin):
    actions = ["reset_second_factors"]

    @admin.action(description=_("Réinitialiser le second facteur (téléphone perdu)"))
    def reset_second_factors(self, request, queryset):
        for user in queryset:
            reset_second_factor(user, actor=request.user)
        self.message_user(request, _("Second facteur réinitialisé : %(count)s compte(s) l'activeront à leur prochaine "
                                     "connexion.") % {"count": queryset.count()}, messages.SUCCESS)  # fmt: skip
