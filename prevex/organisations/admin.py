"""The host's administrator creates teams, organisations and accounts; case data is not in the admin.

No model holding case data (situations, events, imports, the journal…) is registered, and a test walks every
admin page as the administrator looking for a tenant's name. Entry to the admin is the matrix's
`manage_accounts` action (staff accounts), so the matrix stays the one place that says who may do what.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from prevex.accounts import journal
from prevex.organisations.models import Membership, Organisation, Team
from prevex.organisations.permissions import Action, can


def has_permission(request) -> bool:
    return request.user.is_active and can(request.user, Action.MANAGE_ACCOUNTS)


admin.site.has_permission = has_permission


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0
    can_delete = False  # an organisation with members or referents is protected anyway


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "departement"]
    inlines = [OrganisationInline]

    def has_delete_permission(self, request, obj=None):
        # Deleting a team would list (and its situations protect) every situation of the team on the
        # confirmation page: tenants' names for someone who must see none. A team's data goes by retention.
        return False


class MembershipForm(forms.ModelForm):
    admin_user = None  # set per request by MembershipAdmin.get_form

    def clean_user(self):
        user = self.cleaned_data["user"]
        if self.admin_user is not None and user.pk == self.admin_user.pk:
            # An administrator giving themselves a team would read its case data: another one has to do it.
            raise forms.ValidationError(
                _("Vous ne pouvez pas vous donner une place dans une équipe : demandez-le à un autre administrateur.")
            )
        return user


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Every addition, change and removal goes to the journal of the team(s) concerned."""

    form = MembershipForm
    list_display = ["user", "team", "organisation", "role"]
    list_filter = ["team", "role"]
    autocomplete_fields = ["user"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"admin_user": request.user})

    def save_model(self, request, obj, form, change):
        before = Membership.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        if before is not None and (before.user_id, before.team_id) != (obj.user_id, obj.team_id):
            journal.membership_changed(request, before, change="delete")
            journal.membership_changed(request, obj, change="add")
        else:
            journal.membership_changed(request, obj, change="change" if change else "add")

    def delete_model(self, request, obj):
        journal.membership_changed(request, obj, change="delete")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            journal.membership_changed(request, membership, change="delete")
        super().delete_queryset(request, queryset)
