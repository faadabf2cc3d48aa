"""The host's administrator creates teams, organisations and accounts; case data is not in the admin."""

from django.contrib import admin

from prevex.organisations.models import Membership, Organisation, Team


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "departement"]
    inlines = [OrganisationInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "organisation", "role"]
    list_filter = ["team", "role"]
    autocomplete_fields = ["user"]
