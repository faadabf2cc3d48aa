"""Team isolation, walked over every URL pattern of the project.

The patterns are discovered from the URLconf, so a new view is covered automatically; it must then
declare who may use it in ACCESS below, or this test fails. Each view is requested (GET and POST) as
anonymous, as each role of team A, as a member of team B and as an account with no team, and the
response must never carry team A's personal data to anyone but team A's case workers.
"""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from prevex.imports.services import batch_upload
from prevex.intake.models import MappingProfile
from prevex.intake.services import batch_upload as upload_prefecture_list
from prevex.intake.social_services import answer_upload
from prevex.organisations.enums import Role
from prevex.organisations.tests.factories import SectorFactory
from prevex.situations.enums import EventKind
from prevex.situations.tests.factories import EventFactory, SituationFactory

CASE_WORKERS = {Role.COORDINATOR, Role.SOCIAL_WORKER, Role.JURISTE}
MEMBERS = CASE_WORKERS | {Role.FUNDER}
PUBLIC = "public"
ANY_ACCOUNT = MEMBERS | {"other_team", "no_team", "administrator"}  # one's own account: nothing of a team's cases

# Who may use each named view of team A (other teams never may).
ACCESS = {
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    "accounts:second_factor_verify": ANY_ACCOUNT,
    "accounts:second_factor_enrol": ANY_ACCOUNT,
    "accounts:second_factor_restart": ANY_ACCOUNT,
    "accounts:recovery_codes": ANY_ACCOUNT,
    "accounts:reauth": ANY_ACCOUNT,
    "accounts:security": ANY_ACCOUNT,
    "accounts:password_change": ANY_ACCOUNT,
    "accounts:password_change_done": ANY_ACCOUNT,
    "situations:today": MEMBERS,  # funders are redirected to the bilan
    "situations:list": CASE_WORKERS,
    "situations:create": CASE_WORKERS,
    "situations:detail": CASE_WORKERS,
    "situations:edit": CASE_WORKERS,
    "situations:referents": CASE_WORKERS,
    "situations:event_create": CASE_WORKERS,
    # Only its author corrects or deletes an event; the test's event is the coordinator's.
    "situations:event_edit": {Role.COORDINATOR},
    "situations:event_delete": {Role.COORDINATOR},
    "organisations:sectors": {Role.COORDINATOR},
    "organisations:sector_create": {Role.COORDINATOR},
    "organisations:sector_edit": {Role.COORDINATOR},
    "imports:suivi_upload": {Role.COORDINATOR},
    "imports:suivi_preview": {Role.COORDINATOR},
    "imports:suivi_confirm": {Role.COORDINATOR},
    "imports:suivi_cancel": {Role.COORDINATOR},
    "intake:upload": {Role.COORDINATOR},
    "intake:mapping": {Role.COORDINATOR},
    "intake:preview": {Role.COORDINATOR},
    "intake:confirm": {Role.COORDINATOR},
    "intake:cancel": {Role.COORDINATOR},
    "intake:undo": {Role.COORDINATOR},
    "intake:dashboard": CASE_WORKERS,
    "intake:social_services": {Role.COORDINATOR},
    "intake:social_services_export": {Role.COORDINATOR},
    "intake:social_services_answer": {Role.COORDINATOR},
    "intake:social_services_mark": CASE_WORKERS,
    "intake:eligibility": {Role.COORDINATOR},
    "intake:social_landlords_defaults": {Role.COORDINATOR},
    "intake:profile_delete": {Role.COORDINATOR},
    "audit:team_journal": {Role.COORDINATOR},
    "audit:my_history": ANY_ACCOUNT,
    "privacy:retention": {Role.COORDINATOR},
    "privacy:rights_export": {Role.COORDINATOR},
    "privacy:rights_erase": {Role.COORDINATOR},
    "reports:bilan": MEMBERS,
    "reports:bilan_xlsx": MEMBERS,
}
# Django's admin has its own staff-only login and registers no case data (see test below).
SKIPPED_NAMESPACES = {"admin"}
TENANT_NAME = "Zéphyrine-Secrète"


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace not in SKIPPED_NAMESPACES:
                yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


ALL_NAMES = sorted(dict(named_patterns()))


def test_every_view_declares_its_access():
    assert sorted(set(ALL_NAMES) - set(ACCESS)) == []


def test_no_case_data_is_registered_in_the_admin():
    labels = {model._meta.app_label for model in admin.site._registry}
    assert labels <= {"auth", "accounts", "organisations", "territories", "otp_totp", "otp_static", "axes"}


@pytest.fixture
def team_a_data(team, adil, coordinator):
    situation = SituationFactory(team=team, tenant_last_name=TENANT_NAME, reference="SECRET-REF-1")
    event = EventFactory(situation=situation, kind=EventKind.NOTE, note=f"{TENANT_NAME} note", author=coordinator)
    sector = SectorFactory(team=team, name="Secteur A")
    header = "reference;date_reception;nom;adresse;code_postal;commune\n"
    sheet = f"{header}SECRET-REF-2;01/03/2024;{TENANT_NAME};1 rue A;91300;Massy\n"
    batch, _ = batch_upload(team=team, data=sheet.encode(), filename="suivi.csv", user=coordinator)
    prefecture = f"NOM;PRENOM;ADRESSE;CP;VILLE;DATE AUD.\n{TENANT_NAME};Léa;1 rue A;91300;Massy;20/05/2024\n"
    answer = f"N° procédure;Nom;Prénom;Commune;Connu MDS;MDS de suivi\nSECRET-REF-1;{TENANT_NAME};Léa;Massy;OUI;MDS\n"
    mds_answer = answer_upload(team=team, data=answer.encode(), filename="reponse.csv", user=coordinator)
    profile = MappingProfile.objects.create(team=team, name="Profil A", headers=["nom"], mapping=["tenant_last_name"])
    prefecture_list = upload_prefecture_list(team=team, data=prefecture.encode(), filename="liste.csv",
                                             user=coordinator, received_on=dt.date(2024, 3, 18))  # fmt: skip
    return {
        "public_id": situation.public_id,
        "event_id": event.pk,
        "sector_id": sector.pk,
        "kind": EventKind.NOTE,
        "batch_id": batch.public_id,
        "list_id": prefecture_list.public_id,
        "answer_id": mds_answer.public_id,
        "profile_id": profile.pk,
        "uidb64": "MQ",
        "token": "not-a-valid-token",
    }


def url_for(name, kwargs_source):
    pattern = dict(named_patterns())[name]
    names = list(pattern.pattern.regex.groupindex)
    missing = [param for param in names if param not in kwargs_source]
    assert not missing, f"test_every_url: add a value for {missing} of {name}"
    return reverse(name, kwargs={param: kwargs_source[param] for param in names})


@pytest.fixture
def people(coordinator, social_worker, juriste, funder, other_team_member, outsider):
    from prevex.organisations.tests.factories import UserFactory

    return {
        Role.COORDINATOR: coordinator,
        Role.SOCIAL_WORKER: social_worker,
        Role.JURISTE: juriste,
        Role.FUNDER: funder,
        "other_team": other_team_member,
        "no_team": outsider,
        # The platform's administrator: staff and superuser, in no team; manages accounts, sees no case.
        "administrator": UserFactory(username="administrateur", is_staff=True, is_superuser=True),
    }


@pytest.mark.parametrize("name", ALL_NAMES)
def test_each_view_as_each_person(client, name, team_a_data, people):
    url = url_for(name, team_a_data)
    allowed = ACCESS[name]

    anonymous = client.get(url)
    if allowed == PUBLIC:
        assert anonymous.status_code in {200, 302, 405}
        return
    assert anonymous.status_code == 302 and "/compte/connexion/" in anonymous["Location"]
    assert client.post(url).status_code == 302

    for who, user in people.items():
        client.force_login(user)
        for method in (client.get, client.post):
            response = method(url)
            body = response.content.decode(errors="replace")
            if who in allowed:
                assert response.status_code in {200, 302, 405}, (who, method.__name__, response.status_code)
            elif response.status_code == 405:
                pass  # a method the view refuses before anything else: nothing is read
            elif who == "other_team" and any(param in url for param in map(str, team_a_data.values())):
                assert response.status_code == 404, (who, method.__name__)
            else:
                # A page of one's own team (no object of team A in its address) works on the other team's data.
                assert response.status_code in {403, 404} or (
                    who == "other_team" and response.status_code in {200, 302, 405}
                ), (who, method.__name__, response.status_code)
            if who not in allowed or who == Role.FUNDER:
                assert TENANT_NAME not in body and "SECRET-REF" not in body, (who, method.__name__)
        client.logout()
