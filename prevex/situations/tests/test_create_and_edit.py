import pytest

from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.models import SectorAssignee
from prevex.situations.models import Situation

VALID = {
    "reference": "",
    "received_on": "2024-04-29",
    "tenant_last_name": "Nguyễn",
    "tenant_first_name": "Thérèse",
    "phone": "06 12 34 56 78",
    "email": "therese@example.org",
    "address": "3 allée des Érables",
    "postal_code": "91300",
    "commune_name": "massy",
    "landlord_name": "SCI Les Tilleuls",
    "landlord_kind": "sci",
    "assignation_date": "2024-04-10",
    "court": "Tribunal judiciaire d'Évry",
    "hearing_date": "2024-06-20",
    "debt_amount": "2450.80",
}


@pytest.fixture
def logged_in(client, coordinator, frozen_today):
    client.force_login(coordinator)
    return client


def test_a_situation_typed_by_hand_is_routed_to_its_sector_with_default_referents(
    logged_in, coordinator, social_worker, tout_azimut, sector, massy
):
    SectorAssignee.objects.create(sector=sector, organisation=tout_azimut, user=social_worker)
    response = logged_in.post("/situations/nouvelle/", VALID)
    situation = Situation.objects.get()
    assert response.status_code == 302 and response["Location"] == situation.get_absolute_url()
    assert (situation.commune, situation.sector, situation.phone) == (massy, sector, "+33612345678")
    assert situation.reference == "ESSONNE-00001"
    assert [(r.organisation, r.user) for r in situation.referents.all()] == [(tout_azimut, social_worker)]
    assert (situation.created_by, situation.team) == (coordinator, coordinator.membership.team)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, target_id=str(situation.public_id)).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("received_on", "2024-05-03", "La date ne peut pas être dans le futur."),
        ("assignation_date", "2031-01-01", "La date ne peut pas être dans le futur."),
        ("hearing_date", "2024-04-01", "L&#x27;audience ne peut pas précéder l&#x27;assignation."),
        ("debt_amount", "-10", "Assurez-vous que cette valeur est supérieure ou égale à 0."),
        ("phone", "12 34", "Numéro de téléphone invalide"),
        ("phone", "06 12 34 56 7", "Numéro de téléphone invalide : « 06 12 34 56 7 » (un chiffre manque"),
        ("phone", "07 00 00 00 00", "Numéro de téléphone invalide"),  # possible, but in no allocated range
        ("email", "pas-un-email", "Saisissez une adresse de courriel valide."),
        ("postal_code", "913", "Un code postal a 5 chiffres."),
        ("postal_code", "75011", "Ce code postal n&#x27;existe pas dans le département 91."),
        ("commune_name", "Évry-Courcouronnes", "Cette commune ne correspond pas au code postal 91300."),
        ("tenant_last_name", "", "Ce champ est obligatoire."),
    ],
)
def test_bad_input_is_refused_with_a_french_message(logged_in, massy, field, value, message):
    from prevex.territories.tests.factories import CommuneFactory

    CommuneFactory(evry=True)
    response = logged_in.post("/situations/nouvelle/", {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Situation.objects.exists()


def test_a_reference_is_unique_in_the_team(logged_in, situation):
    response = logged_in.post("/situations/nouvelle/", {**VALID, "reference": situation.reference})
    assert "Cette référence est déjà utilisée" in response.content.decode()


def test_editing_journals_before_and_after(logged_in, situation):
    url = f"/situations/{situation.public_id}/modifier/"
    form = logged_in.get(url)
    assert form.status_code == 200
    data = {**VALID, "reference": situation.reference, "version": situation.version, "hearing_date": "2024-07-01"}
    response = logged_in.post(url, data)
    assert response.status_code == 302
    situation.refresh_from_db()
    assert str(situation.hearing_date) == "2024-07-01"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.details["before"]["hearing_date"] == "2024-05-14"
    assert entry.details["after"]["hearing_date"] == "2024-07-01"


def test_an_edit_never_silently_overwrites_another(logged_in, situation):
    url = f"/situations/{situation.public_id}/modifier/"
    stale_version = situation.version
    data = {**VALID, "reference": situation.reference, "version": stale_version}
    assert logged_in.post(url, data).status_code == 302
    response = logged_in.post(url, {**data, "tenant_last_name": "Autre"})
    assert "Quelqu&#x27;un a modifié cette situation" in response.content.decode()
    situation.refresh_from_db()
    assert situation.tenant_last_name == "Nguyễn"


def test_referents_are_chosen_among_each_organisations_members(
    logged_in, situation, social_worker, juriste, tout_azimut, adil
):
    url = f"/situations/{situation.public_id}/referents/"
    assert logged_in.get(url).status_code == 200
    response = logged_in.post(url, {f"org-{tout_azimut.pk}": social_worker.pk, f"org-{adil.pk}": juriste.pk})
    assert response.status_code == 302
    assert {(r.organisation, r.user) for r in situation.referents.all()} == {
        (tout_azimut, social_worker),
        (adil, juriste),
    }
    # A user of another organisation cannot be set as this organisation's referent, and nothing changes.
    assert logged_in.post(url, {f"org-{tout_azimut.pk}": juriste.pk, f"org-{adil.pk}": ""}).status_code == 404
    assert {(r.organisation, r.user) for r in situation.referents.all()} == {
        (tout_azimut, social_worker),
        (adil, juriste),
    }


def test_a_conflict_is_not_skipped_by_saving_again(logged_in, situation):
    url = f"/situations/{situation.public_id}/modifier/"
    loaded_at = situation.version
    data = {**VALID, "reference": situation.reference, "version": loaded_at}
    assert logged_in.post(url, {**data, "debt_amount": "9999"}).status_code == 302  # someone else saves
    first = logged_in.post(url, {**data, "tenant_last_name": "Autre"})
    assert "Quelqu&#x27;un a modifié cette situation" in first.content.decode()
    again = logged_in.post(url, {**data, "tenant_last_name": "Autre"})
    assert "Quelqu&#x27;un a modifié cette situation" in again.content.decode()
    situation.refresh_from_db()
    assert (situation.tenant_last_name, str(situation.debt_amount)) == ("Nguyễn", "9999.00")


def test_an_edit_leaves_the_cached_state_alone(logged_in, situation, coordinator):
    from prevex.situations.enums import EventKind
    from prevex.situations.tests.factories import EventFactory

    stale = type(situation).objects.get(pk=situation.pk)
    EventFactory(situation=situation, kind=EventKind.ADHESION)
    from prevex.situations import services

    services.situation_update(situation=stale, author=coordinator, changed={"court": ""}, version=stale.version)
    situation.refresh_from_db()
    assert situation.is_accompanied and situation.stage == "accompanied"


@pytest.mark.parametrize("version", [None, "", "abc"])
def test_an_edit_posted_without_its_version_is_refused_like_a_stale_one(logged_in, situation, version):
    url = f"/situations/{situation.public_id}/modifier/"
    data = {**VALID, "reference": situation.reference, "tenant_last_name": "Autre"}
    if version is not None:
        data["version"] = version
    response = logged_in.post(url, data)
    assert response.status_code == 200 and "Quelqu&#x27;un a modifié cette situation" in response.content.decode()
    again = logged_in.post(url, data)  # the form shown again carries no version either: reload first
    assert "Quelqu&#x27;un a modifié cette situation" in again.content.decode()
    situation.refresh_from_db()
    assert (situation.tenant_last_name, situation.version) == ("Lefèvre", 1)
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0690 12 34 56", "+590690123456"), ("+33 6 96 12 34 56", "+596696123456"), ("0639 40 12 34", "+262639401234")],
)
def test_an_overseas_mobile_typed_the_french_way_is_valid(logged_in, massy, typed, stored):
    logged_in.post("/situations/nouvelle/", {**VALID, "phone": typed})
    assert Situation.objects.get().phone == stored
