"""The host's administrator creates teams, organisations and accounts; case data is not in the admin.

No model holding case data (situations, events, imports, the journal…) is registered, and a test walks every
admin page as the administrator looking for a tenant's name. Entry to the admin is the matrix's
`manage_accounts` action (staff accounts), so the matrix stays the one place that says who may do what.
"""

from django.contrib import admin

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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "organisation", "role"]
    list_filter = ["team", "role"]
    autocomplete_fields = ["user"]
