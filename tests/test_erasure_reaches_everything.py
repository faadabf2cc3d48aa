"""An erasure (or retention) leaves the household's name nowhere: a unique name is planted through every
entry point (the situation forms, a note and its correction, a search, a tracking sheet, a préfecture list,
the social services' answer, each also left pending once), then every table and every file of the private
folder is searched for it, ignoring case and accents."""

import base64
import datetime as dt
import io
import json
import zipfile
from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.text import normalize
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.outreach.messaging.models import InboundMessage, Message
from prevex.outreach.messaging.services import queue_message
from prevex.situations.enums import SocialServicesCheck
from prevex.situations.models import Situation
from prevex.support.actions.models import Action
from prevex.support.actions.services import kinds_by_code
from prevex.support.notes.models import Visibility
from prevex.support.notes.services import note_add
from prevex.territories.services import communes_load

NAME = "Zxqvbnmérase"
NEEDLE = "zxqvbnmerase"
DAY = dt.datetime(2024, 5, 2, 10, tzinfo=dt.UTC)
HTMX = {"HTTP_HX_REQUEST": "true"}

SITUATION = {
    "reference": "ZX-1",
    "received_on": "2024-03-01",
    "tenant_last_name": NAME,
    "tenant_first_name": "Ondine",
    "phone": "06 11 22 33 44",
    "email": f"ondine.{NEEDLE}@example.org",
    "address": "12 rue des Lilas",
    "postal_code": "91300",
    "commune_name": "Massy",
    "landlord_name": "SCI Les Lilas",
    "landlord_kind": "sci",
    "assignation_date": "2024-02-10",
    "court": "Tribunal judiciaire d'Évry",
    "hearing_date": "2024-06-20",
    "debt_amount": "2450.80",
}
SHEET_HEADER = "reference;date_reception;nom;prenom;adresse;code_postal;commune;date_premier_courrier;email\n"
SHEET = SHEET_HEADER + f"ZX-1;01/03/2024;{NAME};Ondine;12 rue des Lilas;91300;Massy;04/03/2024;\n"
LIST = (
    "REF;NOM;PRENOM;ADRESSE;CP;VILLE;DATE ASSIGN.;DATE AUD.;DETTE\n"
    f"ZX-1;{NAME};Ondine;12 rue des Lilas;91300;Massy;10/02/2024;01/07/2024;2 600\n"
    "ZY-2;MARTIN;Léa;1 rue Pasteur;91300;Massy;12/02/2024;02/07/2024;1 200\n"
)
DIAGNOSIS = {
    "diagnosed_on": "2024-04-15",
    "person-TOTAL_FORMS": "1",
    "person-INITIAL_FORMS": "0",
    "person-0-role": "adult",
    "person-0-age": "52",
    "resource_salaries": "1400",
    "rent": "650",
    "rent_debt": "2450.80",
    "other_debts": "800",
    "housing_benefit_status": "unknown",
    "dalo": "unknown",
    "fsl": "unknown",
}
ANSWER = f"N° procédure;Nom;Prénom;Commune;Connu MDS;MDS de suivi\nZX-1;{NAME};Ondine;Massy;NON;\n"


@pytest.fixture
def private(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(team, coordinator, private, settings):
    communes_load(departement="91")
    # the tenants' replies come through the providers' webhooks (their secrets) and the e-mails' reply address
    settings.PREVEX_SMS_WEBHOOK_SECRET = "prevex:webhook-secret"
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "anymail:secret", "BREVO_API_KEY": "k"}
    settings.PREVEX_REPLY_DOMAIN = "reponses.example"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return team


def _basic(secret: str) -> str:
    return "Basic " + base64.b64encode(secret.encode()).decode()


def sms_reply(client, sender: str, text: str, sms_id: str):
    url = reverse("messaging:webhook_ovh_sms_reply")
    params = {"id": sms_id, "sender": sender, "message": text}
    assert client.get(url, params, HTTP_AUTHORIZATION=_basic("prevex:webhook-secret")).status_code == 200


def email_reply(client, to: str, text: str):
    item = {
        "Uuid": ["zx-reply"],
        "RawTextBody": text,
        "Headers": {"From": f"Ondine {NAME} <ondine.{NEEDLE}@example.org>", "To": to, "Subject": f"Re: Pour {NAME}"},
    }
    response = client.post(
        reverse("messaging:webhook_email_reply"), json.dumps({"items": [item]}), content_type="application/json",
        HTTP_AUTHORIZATION=_basic("anymail:secret"),
    )  # fmt: skip
    assert response.status_code == 200


def upload(client, url: str, content: str, filename: str, **fields):
    return client.post(url, {"file": SimpleUploadedFile(filename, content.encode()), **fields})


def last_batch(kind: str) -> ImportBatch:
    return ImportBatch.objects.filter(kind=kind).order_by("-pk").first()


def plant(client) -> Situation:
    """The name through every entry point; returns the situation that holds it."""
    assert client.post(reverse("situations:create"), SITUATION).status_code == 302
    situation = Situation.objects.get(reference="ZX-1")
    edit = {**SITUATION, "other_tenants": f"Marc {NAME}", "version": situation.version}
    assert client.post(reverse("situations:edit", args=[situation.public_id]), edit).status_code == 302
    record = reverse("situations:event_create", args=[situation.public_id, "note"])
    client.post(record, {"note-occurred_on": "2024-04-02", "note-note": f"Appel de Mme {NAME}"}, **HTMX)
    note = situation.events.get(kind="note")
    corrected = {"edit-occurred_on": "2024-04-02", "edit-note": f"Appel de Mme {NAME}, rappeler"}
    client.post(reverse("situations:event_edit", args=[situation.public_id, note.pk]), corrected, **HTMX)
    client.post(record, {"note-occurred_on": "2024-04-03", "note-note": f"{NAME} a écrit"}, **HTMX)
    second = situation.events.filter(kind="note").latest("pk")
    client.post(reverse("situations:event_delete", args=[situation.public_id, second.pk]), **HTMX)
    client.post(reverse("situations:list"), {"q": NAME})
    # Need-to-know notes (no page yet): one private to the author's organisation, one for the team.
    user = Situation.objects.get(pk=situation.pk).created_by
    note_add(situation, user, text=f"Mme {NAME} préfère être appelée le soir", visibility=Visibility.ORGANISATION)
    note_add(situation, user, text=f"{NAME} : dossier FSL", visibility=Visibility.TEAM)
    # The social diagnosis, through its form, twice (a new version): its free text names the household.
    diagnosis = reverse("diagnosis:new", args=[situation.public_id])
    for version, note in enumerate((f"Crédit de {NAME}", f"Crédit et découvert de {NAME}")):
        assert client.post(diagnosis, {**DIAGNOSIS, "based_on": version, "other_debts_note": note}).status_code == 302

    # A préconisation through its page: its note, then its referral's partner named after the household.
    kind = kinds_by_code(situation.team, ["orientation_mds"])["orientation_mds"]
    added = {"kind": kind.pk, "proposed_on": "2024-04-02", "note": f"Mme {NAME} à orienter"}
    assert client.post(reverse("actions:situation", args=[situation.public_id]), added, **HTMX).status_code == 200
    action = situation.support_actions.get()
    referral = {
        f"referral-{action.pk}-partner": "mds",
        f"referral-{action.pk}-partner_name": f"MDS, dossier {NAME}",
        f"referral-{action.pk}-sent_on": "2024-04-03",
        "referral": "1",
    }
    client.post(reverse("actions:update", args=[situation.public_id, action.pk]), referral, **HTMX)
    assert NAME in Action.objects.get(pk=action.pk).partner_name

    upload(client, reverse("imports:suivi_upload"), SHEET, f"suivi {NAME}.csv")
    sheet = last_batch(ImportKind.SUIVI)
    client.get(reverse("imports:suivi_preview", args=[sheet.public_id]))
    client.post(reverse("imports:suivi_confirm", args=[sheet.public_id]))
    upload(client, reverse("imports:suivi_upload"), SHEET, "suivi-en-attente.csv")  # left pending

    # Received the day the situation was typed in: a list received before would not overwrite it (recency.py).
    upload(client, reverse("intake:upload"), LIST, f"liste {NAME}.csv", received_on="2024-05-02")
    listed = last_batch(ImportKind.PREFECTURE)
    client.get(reverse("intake:mapping", args=[listed.public_id]))
    client.get(reverse("intake:preview", args=[listed.public_id]))
    client.post(reverse("intake:confirm", args=[listed.public_id]))
    upload(client, reverse("intake:upload"), LIST, "liste-en-attente.csv", received_on="2024-04-30")  # pending

    upload(client, reverse("intake:social_services"), ANSWER, f"reponse {NAME}.csv")
    client.post(reverse("intake:social_services_confirm", args=[last_batch(ImportKind.SOCIAL_SERVICES).public_id]))
    upload(client, reverse("intake:social_services"), ANSWER, "reponse-en-attente.csv")  # pending

    # An SMS and an e-mail to the household (messaging): the name in their texts, subject and address.
    for channel, recipient in (("sms", "06 12 34 56 78"), ("email", "ondine@example.org")):
        queue_message(
            team=situation.team, situation=situation, channel=channel, recipient=recipient,
            subject=f"Pour {NAME}", body=f"Bonjour {NAME}", user=None,
        )  # fmt: skip
    # ...sent by the worker (its state as the provider took it), then the tenant's replies: an SMS matched by the
    # number, an e-mail by its reply address's token, both on the situation (sender, subject, text)
    Message.objects.filter(situation=situation).update(
        state="sent", provider="ovh", provider_message_id="zx-1", sent_at=timezone.now()
    )
    sms_reply(client, "0612345678", f"Ici {NAME}, je rappelle", "zx-sms-1")
    token = Message.objects.get(situation=situation, channel="email").reply_token
    email_reply(client, f"reponse+{token}@reponses.example", f"Bonjour, {NAME} viendra")
    assert InboundMessage.objects.filter(situation=situation, status="attached").count() == 2

    situation.refresh_from_db()
    assert situation.other_tenants == f"Marc {NAME}" and situation.hearing_date == dt.date(2024, 7, 1)
    assert situation.social_services == SocialServicesCheck.NOT_KNOWN
    assert ImportBatch.objects.filter(status=ImportStatus.COMMITTED).count() == 3
    assert ImportBatch.objects.filter(status=ImportStatus.PREVIEWED).count() == 3
    assert situation.events.filter(kind="letter").exists()  # the tracking sheet's update
    assert found_in_database() and found_in_files()  # planted indeed
    return situation


def _mentions(text: str) -> bool:
    return NEEDLE in normalize(text)


def found_in_database() -> list[str]:
    """Every row of every table (the sessions decoded too) that mentions the name."""
    store = import_module(django_settings.SESSION_ENGINE).SessionStore()
    rows = [
        f"{model._meta.label}: {row}"
        for model in apps.get_models(include_auto_created=True)
        for row in model._default_manager.all().values()
    ]
    sessions = [f"session: {store.decode(session.session_data)}" for session in Session.objects.all()]
    return [text for text in rows + sessions if _mentions(text)]


def _texts(data: bytes) -> list[str]:
    texts = [data.decode("utf-8", "ignore"), data.decode("cp1252", "ignore")]
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            texts += [archive.read(name).decode("utf-8", "ignore") for name in archive.namelist()]
    return texts


def found_in_files() -> list[str]:
    root = Path(django_settings.MEDIA_ROOT)
    return [
        str(path)
        for path in root.rglob("*")
        if path.is_file() and (_mentions(path.name) or any(map(_mentions, _texts(path.read_bytes()))))
    ]


def test_an_erasure_leaves_the_name_in_no_table_no_session_and_no_file(
    client, coordinator, world, django_capture_on_commit_callbacks
):
    with time_machine.travel(DAY, tick=False):
        client.force_login(coordinator)
        situation = plant(client)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("privacy:rights_erase", args=[situation.public_id]))
        assert response.status_code == 302
        assert found_in_database() == []
        assert found_in_files() == []
        pages = [
            reverse("imports:suivi_upload"),
            reverse("intake:upload"),
            reverse("journal:team_journal"),
            situation.get_absolute_url(),
            reverse("diagnosis:detail", args=[situation.public_id]),
            reverse("journal:my_history"),
        ] + [
            reverse(name, args=[batch.public_id])
            for batch in ImportBatch.objects.all()
            for name in [
                {
                    "suivi": "imports:suivi_preview",
                    "prefecture": "intake:preview",
                    "mds": "intake:social_services_answer",
                }[batch.kind]
            ]
        ]
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200 and not _mentions(response.content.decode("utf-8-sig")), page
    situation.refresh_from_db()
    assert situation.anonymised_on and situation.reference == "ZX-1"
    # The figures stay: the batches keep their counts, the pending uploads are cancelled.
    listed = ImportBatch.objects.get(kind=ImportKind.PREFECTURE, status=ImportStatus.COMMITTED)
    assert (listed.summary["rows"], listed.summary["update"], listed.summary["new"]) == (2, 1, 1)
    assert not ImportBatch.objects.filter(status=ImportStatus.PREVIEWED).exists()
    assert Situation.objects.get(reference="ZY-2").tenant_last_name == "MARTIN"  # the other household stays


def test_retention_three_years_later_leaves_the_name_nowhere(
    client, coordinator, world, django_capture_on_commit_callbacks
):
    with time_machine.travel(DAY, tick=False):
        client.force_login(coordinator)
        situation = plant(client)
        record = reverse("situations:event_create", args=[situation.public_id, "closure"])
        data = {"closure-occurred_on": "2024-05-02", "closure-closure_reason": "sans_contact"}
        client.post(record, data, **HTMX)
        sms_reply(client, "0698765432", f"{NAME} : nouveau numéro", "zx-sms-2")  # unknown number: the inbox
        assert InboundMessage.objects.filter(status="inbox").count() == 1
    out = StringIO()
    with (
        time_machine.travel(DAY + dt.timedelta(days=3 * 365), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("apply_retention", "--wet-run", stdout=out)
    assert "Imports : 3 fichier(s)" in out.getvalue() and "Sessions expirées : 1" in out.getvalue()
    assert "Réponses non classées : 1" in out.getvalue()
    assert found_in_database() == []
    assert found_in_files() == []
    assert not Session.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.PURGE, details={"imports": 3}).exists()


def test_the_access_export_gives_the_rows_as_received_the_answers_and_the_journal_by_name(client, coordinator, world):
    with time_machine.travel(DAY, tick=False):
        client.force_login(coordinator)
        situation = plant(client)
        url = reverse("privacy:rights_export", args=[situation.public_id])
        data = client.get(url, {"format": "json"}).json()
        page = client.get(url).text
    [pending, listed] = sorted(data["prefecture_rows"], key=lambda row: row["status"])
    assert listed["decision"] == "update" and listed["status"] == "Importé" and pending["status"].startswith("Aperçu")
    assert listed["as_received"]["NOM"] == NAME and listed["as_received"]["DATE AUD."] == "01/07/2024"
    assert [answer["known"] for answer in data["social_services_answers"]] == [False, False]
    assert {row["tenant"] for row in data["tracking_sheet_rows"]} == {f"{NAME} Ondine"}
    assert data["situation"]["created_by"] == "Claire Coordinatrice (ADIL 91)"
    edit = next(entry for entry in data["journal"] if "other_tenants" in entry["fields"])
    assert (edit["person"], edit["organisation"], edit["action"]) == ("Claire Coordinatrice", "ADIL 91", "Modification")
    assert edit["details"]["after"]["other_tenants"] == f"Marc {NAME}"  # kept apart while not anonymised
    deleted = next(entry for entry in data["journal"] if entry["action"] == "Suppression")
    assert deleted["object"] == "un événement" and deleted["details"]["before"]["note"] == f"{NAME} a écrit"
    assert "Lignes des listes de la préfecture" in page and "DATE AUD." in page and "other_tenants" in page
    assert "id" not in {key for entry in data["journal"] for key in entry}
