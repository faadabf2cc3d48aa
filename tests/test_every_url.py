"""Team isolation, walked over every URL pattern of the project.

The patterns are discovered from the URLconf, so a new view is covered automatically; it must then
declare who may use it in ACCESS below, or this test fails. Each view is requested (GET, POST, and an htmx
GET) as anonymous, as each role of team A, as a member of team B, as an account with no team and as the
platform's administrator (a superuser in no team), and the response must never carry team A's personal data
(a tenant's names, address, e-mail, landlord, reference; compared without case or accents) to anyone but
team A's case workers. A view declared with an action of the matrix (`permissions.MATRIX`) is allowed to
exactly that action's roles, and its decorator must check that same action. Every page served is also
checked for inline scripts and styles (the Content-Security-Policy would block them).
"""

import datetime as dt
import io
import re
import unicodedata
import zipfile

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.utils import timezone
from pypdf import PdfReader

from prevex.imports.models import MappingProfile
from prevex.imports.suivi.services import batch_upload
from prevex.intake.mds.services import answer_upload
from prevex.intake.prefecture.services import batch_upload as upload_prefecture_list
from prevex.organisations.enums import Role
from prevex.organisations.permissions import ADMINISTRATOR, MATRIX, Action
from prevex.organisations.tests.factories import SectorFactory, UserFactory
from prevex.outreach.enums import AdHocTask
from prevex.outreach.letters.tests.support import every_url_objects as letters_objects
from prevex.outreach.messaging.models import InboundMessage, Message
from prevex.outreach.rounds.tests.factories import rounds_objects
from prevex.outreach.services import task_add
from prevex.outreach.tenant.tests.support import tenant_page_objects
from prevex.situations.enums import EventKind
from prevex.situations.tests.factories import EventFactory, SituationFactory
from prevex.support.actions.services import action_propose, kinds_by_code
from prevex.support.diagnosis.tests.support import record as record_diagnosis
from prevex.support.notes.models import ConsentScope, Note, NoteQuerySet, Visibility
from prevex.support.notes.services import consent_record, note_add

CASE_WORKERS = {Role.COORDINATOR, Role.SOCIAL_WORKER, Role.JURISTE}
MEMBERS = CASE_WORKERS | {Role.FUNDER}
PUBLIC = "public"
ANY_ACCOUNT = MEMBERS | {"other_team", "no_team", "administrator"}  # one's own account: nothing of a team's cases

# Who may use each named view of team A (other teams never may): PUBLIC, a set of people, or an Action of the
# matrix (its roles; the view's decorator must check that action).
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
    "outreach:today": MEMBERS,  # funders are redirected to the bilan; others see their caseload
    "situations:list": Action.WORK_ON_SITUATIONS,
    "situations:create": Action.WORK_ON_SITUATIONS,
    "situations:detail": Action.WORK_ON_SITUATIONS,
    "situations:edit": Action.WORK_ON_SITUATIONS,
    "situations:referents": Action.WORK_ON_SITUATIONS,
    "situations:event_create": Action.WORK_ON_SITUATIONS,
    # Its author corrects or deletes an event, and a coordinator a colleague's; the test's event is the
    # coordinator's own (a social worker's corrected by the coordinator: test_permissions.py).
    "situations:event_edit": {Role.COORDINATOR},
    "situations:event_delete": {Role.COORDINATOR},
    "organisations:sectors": Action.MANAGE_TEAM,
    "organisations:sector_create": Action.MANAGE_TEAM,
    "organisations:sector_edit": Action.MANAGE_TEAM,
    "imports:suivi_upload": Action.IMPORT_FILES,
    "imports:suivi_preview": Action.IMPORT_FILES,
    "imports:suivi_confirm": Action.IMPORT_FILES,
    "imports:suivi_cancel": Action.IMPORT_FILES,
    "imports:suivi_mapping": Action.IMPORT_FILES,
    "imports:suivi_undo": Action.IMPORT_FILES,
    "intake:upload": Action.IMPORT_FILES,
    "intake:mapping": Action.IMPORT_FILES,
    "intake:preview": Action.IMPORT_FILES,
    "intake:confirm": Action.IMPORT_FILES,
    "intake:cancel": Action.IMPORT_FILES,
    "intake:undo": Action.IMPORT_FILES,
    "intake:dashboard": Action.WORK_ON_SITUATIONS,
    "intake:social_services": Action.CHECK_SOCIAL_SERVICES,
    "intake:social_services_export": Action.CHECK_SOCIAL_SERVICES,
    "intake:social_services_answer": Action.CHECK_SOCIAL_SERVICES,
    "intake:social_services_confirm": Action.CHECK_SOCIAL_SERVICES,
    "intake:social_services_cancel": Action.CHECK_SOCIAL_SERVICES,
    "intake:social_services_mark": Action.WORK_ON_SITUATIONS,
    "intake:eligibility": Action.MANAGE_TEAM,
    "intake:social_landlords_defaults": Action.MANAGE_TEAM,
    "intake:profile_delete": Action.MANAGE_TEAM,
    "journal:team_journal": Action.READ_JOURNAL,
    "journal:my_history": ANY_ACCOUNT,
    "privacy:retention": Action.MANAGE_RETENTION,
    "privacy:rights_export": Action.EXERCISE_RIGHTS,
    "privacy:rights_erase": Action.EXERCISE_RIGHTS,
    "reports:bilan": Action.VIEW_BILAN,
    "reports:bilan_xlsx": Action.EXPORT_BILAN,
    # outreach (aller-vers): the worklist, the sequence, the pauses
    "outreach:pause": Action.PAUSE_OUTREACH,
    "outreach:resume": Action.PAUSE_OUTREACH,
    "outreach:task_done": Action.WORK_ON_SITUATIONS,
    "outreach:sequence": Action.MANAGE_OUTREACH,
    # outreach: letters
    "letters:today": Action.SEND_LETTERS,
    "letters:batch_pdf": Action.SEND_LETTERS,
    "letters:confirm": Action.SEND_LETTERS,
    "letters:letter_pdf": Action.SEND_LETTERS,
    "letters:letter_docx": Action.SEND_LETTERS,
    "letters:landlord_address": Action.SEND_LETTERS,
    "letters:returned": Action.SEND_LETTERS,
    "letters:returned_record": Action.SEND_LETTERS,
    "letters:templates": Action.MANAGE_OUTREACH,
    "letters:template_edit": Action.MANAGE_OUTREACH,
    "letters:template_preview": Action.MANAGE_OUTREACH,
    "letters:letterhead": Action.MANAGE_OUTREACH,
    # outreach: rounds
    "rounds:list": Action.PLAN_ROUNDS,
    "rounds:plan": Action.PLAN_ROUNDS,
    "rounds:detail": Action.PLAN_ROUNDS,
    "rounds:record": Action.PLAN_ROUNDS,
    "rounds:sheet": Action.PLAN_ROUNDS,
    "rounds:sheet_pdf": Action.PLAN_ROUNDS,
    "rounds:cancel": Action.PLAN_ROUNDS,
    # outreach: the tenant's page
    # The one public page of a household: its token is the key, and it is proven to leak nothing (below, and
    # prevex/outreach/tenant/tests/test_page.py). The team's contact it shows is the coordinator's to edit.
    "tenant_page:page": PUBLIC,
    "tenant_page:contact": Action.MANAGE_OUTREACH,
    "tenant_page:revoke": Action.WORK_ON_SITUATIONS,
    # support (accompagnement): need-to-know notes
    "notes:notes": Action.SUPPORT_NOTES,
    "notes:consents": Action.RECORD_CONSENT,
    "notes:consent_withdraw": Action.RECORD_CONSENT,
    # support: the hearing documents (PDFs read back as text below: the walk checks what they print)
    "hearing:sheet": Action.PREPARE_HEARING,
    "hearing:court_sheet": Action.PREPARE_HEARING,
    "hearing:dsf": Action.DSF_CONTRIBUTION,
    "hearing:dsf_pdf": Action.DSF_CONTRIBUTION,
    # support: the social diagnosis (the juriste reads it), the repayment plan and the rights estimate it gives
    "diagnosis:detail": Action.READ_DIAGNOSIS,
    "diagnosis:new": Action.WRITE_DIAGNOSIS,
    "diagnosis:plan": Action.READ_DIAGNOSIS,
    "diagnosis:rights": Action.READ_DIAGNOSIS,
    # support: préconisations and actions, the team's catalogue
    "actions:situation": Action.WORK_ON_SITUATIONS,
    "actions:update": Action.WORK_ON_SITUATIONS,
    "actions:propose_rights": Action.WORK_ON_SITUATIONS,
    "actions:catalogue": Action.MANAGE_ACTION_CATALOGUE,
    # outreach: SMS and e-mails; the providers' webhooks answer 401 without their secret (test_webhooks.py)
    "messaging:list": Action.SEND_MESSAGES,
    "messaging:check": Action.SEND_MESSAGES,
    "messaging:templates": Action.MANAGE_MESSAGE_TEMPLATES,
    "messaging:template_edit": Action.MANAGE_MESSAGE_TEMPLATES,
    "messaging:template_length": Action.MANAGE_MESSAGE_TEMPLATES,
    "messaging:webhook_brevo_sms": PUBLIC,
    "messaging:webhook_ovh_sms": PUBLIC,
    "messaging:webhook_email": PUBLIC,
    "messaging:inbox": Action.HANDLE_REPLIES,
    "messaging:inbox_item": Action.HANDLE_REPLIES,
    "messaging:inbox_attach": Action.HANDLE_REPLIES,
    "messaging:inbox_discard": Action.HANDLE_REPLIES,
    "messaging:webhook_brevo_sms_reply": PUBLIC,
    "messaging:webhook_ovh_sms_reply": PUBLIC,
    "messaging:webhook_email_reply": PUBLIC,
}
# Public, but behind the provider's shared secret (basic auth): anyone else gets 401.
SECRET_WEBHOOKS = {
    "messaging:webhook_brevo_sms",
    "messaging:webhook_ovh_sms",
    "messaging:webhook_email",
    "messaging:webhook_brevo_sms_reply",
    "messaging:webhook_ovh_sms_reply",
    "messaging:webhook_email_reply",
}
# Django's admin has its own staff-only login and registers no case data: walked separately below.
SKIPPED_NAMESPACES = {"admin"}
TENANT_NAME = "Zéphyrine-Secrète"
# Team A's personal data planted by the fixture: none of it may reach anyone but team A's case workers.
SECRETS = (
    TENANT_NAME,
    "Philomène-Secrète",
    "SECRET-REF",
    "7 impasse du Secret",
    "zephyrine@secret.example",
    "SCI Bailleur-Secret",
)
# URL parameters that are neither a UUID nor a number (the others name an object of team A). None may carry
# personal data: a new one must be added here, knowingly.
TEXT_PARAMETERS = {"kind": "an event kind", "uidb64": "password reset: the account's id", "token": "password reset"}
# A kind of letter: a code of LetterKind (premier_courrier, relance…), never personal data.
TEXT_PARAMETERS["letter_kind"] = "a kind of letter"
# The tenant's personal link: 256 random-looking bits (an HMAC), no personal data (prevex/outreach/tenant/tokens.py).
TEXT_PARAMETERS["link_token"] = "the tenant's personal link"
# A channel of a message template: sms or email, never personal data.
TEXT_PARAMETERS["channel"] = "a message channel"


def folded(text: str) -> str:
    """Without case or accents: a name shown in capitals or without its accents is still a leak."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


FOLDED_SECRETS = [folded(secret) for secret in SECRETS]
# A note team A's social worker keeps for her organisation (Tout Azimut): nobody else, not even team A's
# coordinator and juriste (ADIL), may ever be shown it (professional secrecy, CASF L121-6-2).
PRIVATE_NOTE = "Note-Réservée-Tout-Azimut"
PRIVATE_NOTE_READERS = {Role.SOCIAL_WORKER}


def private_note_leaked(response) -> bool:
    return folded(PRIVATE_NOTE) in folded(response_text(response))


def leaked(text: str) -> list[str]:
    text = folded(text)
    return [secret for secret in FOLDED_SECRETS if secret in text]


def response_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"%PDF"):  # a PDF: the text it prints
        body = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages).encode()
    if body.startswith(b"PK"):  # an Excel file (zip of XML): its sheets and shared strings
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b" ".join(archive.read(member) for member in archive.namelist())
    headers = " ".join(response.get(name, "") for name in ("Location", "Content-Disposition", "HX-Redirect"))
    return body.decode(errors="replace") + " " + headers


TAG = re.compile(r"<[a-zA-Z][^>]*>")
INLINE_ATTRIBUTE = re.compile(r"\s(style|on[a-z]+|hx-on[^\s=]*)\s*=", re.IGNORECASE)


def inline_code(response) -> list[str]:
    """Inline styles, event handlers and scripts without the response's nonce: what the CSP blocks."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return []
    policy = response.get("Content-Security-Policy", "")
    if not policy:
        return ["no Content-Security-Policy header"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    with_nonce = rf'(?![^>]*\snonce="{re.escape(nonce.group(1))}")' if nonce else ""
    blocked_script = re.compile(r"(?i:<script)(?![^>]*\s(?i:src)=)" + with_nonce)
    tags = TAG.findall(response.content.decode(errors="replace"))
    return [
        tag
        for tag in tags
        if tag.lower().startswith("<style") or INLINE_ATTRIBUTE.search(tag) or blocked_script.match(tag)
    ]


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace not in SKIPPED_NAMESPACES:
                yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), entry


ALL_NAMES = sorted(name for name, _ in named_patterns() if name)


def allowed_people(name) -> set:
    rule = ACCESS[name]
    if rule == PUBLIC:
        return set()
    return set(MATRIX[rule]) if isinstance(rule, Action) else set(rule)


def test_every_view_declares_its_access():
    unnamed = [str(pattern.pattern) for name, pattern in named_patterns() if name is None]
    assert unnamed == [], "give these URL patterns a name, and declare them in ACCESS"
    assert sorted(set(ALL_NAMES) - set(ACCESS)) == [], "declare who may use these views in ACCESS"
    assert sorted(set(ACCESS) - set(ALL_NAMES)) == [], "these views are gone: remove them from ACCESS"
    assert all(rule == PUBLIC or isinstance(rule, Action | set | frozenset) for rule in ACCESS.values())


def test_each_view_checks_the_action_it_declares():
    """The decorators (access.action_required) say which actions of the matrix a view checks: it must be the one
    declared here, or cover the people declared here."""
    patterns = dict(named_patterns())
    for name in ALL_NAMES:
        checked = getattr(patterns[name].callback, "prevex_actions", ())
        rule = ACCESS[name]
        if isinstance(rule, Action):
            assert checked == (rule,), (name, checked)
        elif checked:
            assert allowed_people(name) <= {role for action in checked for role in MATRIX[action]}, (name, checked)


def test_every_action_of_the_matrix_is_walked():
    """Each cell of the matrix is exercised on real views, except the admin's (walked below), the event
    corrections checked on the event (declared as people, checked on their decorator above) and what the home
    page shows (its tests: test_permissions.py), and the procedure acts, checked on the kind of event the
    recording view is given (its tests: prevex/support/procedure/tests)."""
    declared = {rule for rule in ACCESS.values() if isinstance(rule, Action)}
    assert set(Action) - declared == {
        Action.MANAGE_ACCOUNTS,
        Action.DELETE_OWN_EVENT,
        Action.CORRECT_ANY_EVENT,
        Action.SEE_TEAM_CASELOAD,
        Action.RECORD_PROCEDURE_ACTS,
    }


def test_no_personal_data_in_addresses():
    """Objects are addressed by UUID or number; the few text parameters are listed, none is personal data."""
    for name, pattern in named_patterns():
        for parameter, converter in getattr(pattern.pattern, "converters", {}).items():
            assert isinstance(converter, UUIDConverter | IntConverter) or parameter in TEXT_PARAMETERS, (
                name,
                parameter,
            )


def test_no_case_data_is_registered_in_the_admin():
    labels = {model._meta.app_label for model in admin.site._registry}
    # django_tasks_db: the worker's task rows hold a message's id only, never its text or recipient
    assert labels <= {
        "auth",
        "accounts",
        "organisations",
        "territories",
        "otp_totp",
        "otp_static",
        "axes",
        "django_tasks_database",
    }


@pytest.fixture
def team_a_data(team, adil, coordinator, social_worker):
    situation = SituationFactory(
        team=team,
        tenant_last_name=TENANT_NAME,
        tenant_first_name="Philomène-Secrète",
        reference="SECRET-REF-1",
        address="7 impasse du Secret",
        email="zephyrine@secret.example",
        landlord_name="SCI Bailleur-Secret",
    )
    event = EventFactory(situation=situation, kind=EventKind.NOTE, note=f"{TENANT_NAME} note", author=coordinator)
    sector = SectorFactory(team=team, name="Secteur A")
    header = "reference;date_reception;nom;adresse;code_postal;commune\n"
    sheet = f"{header}SECRET-REF-2;01/03/2024;{TENANT_NAME};1 rue A;91300;Massy\n"
    batch, _ = batch_upload(team=team, data=sheet.encode(), filename="suivi.csv", user=coordinator)
    prefecture = f"NOM;PRENOM;ADRESSE;CP;VILLE;DATE AUD.\n{TENANT_NAME};Léa;1 rue A;91300;Massy;20/05/2024\n"
    answer = f"N° procédure;Nom;Prénom;Commune;Connu MDS;MDS de suivi\nSECRET-REF-1;{TENANT_NAME};Léa;Massy;OUI;MDS\n"
    mds_answer = answer_upload(team=team, data=answer.encode(), filename="reponse.csv", user=coordinator)
    profile = MappingProfile.objects.create(
        kind="prefecture", team=team, name="Profil A", headers=["nom"], mapping=["tenant_last_name"]
    )
    prefecture_list = upload_prefecture_list(
        team=team, data=prefecture.encode(), filename="liste.csv", user=coordinator, received_on=dt.date(2024, 3, 18)
    )
    # Each app's own objects of team A for its URLs' parameters: {parameter: value}.
    more = {"task_id": task_add(situation, AdHocTask.CALL_BACK, note=f"{TENANT_NAME} rappeler").pk}
    # outreach: letters' objects
    more |= letters_objects(team, situation)
    # outreach: rounds' objects
    more |= rounds_objects(team, situation, coordinator)
    # outreach: the tenant page's objects
    more |= tenant_page_objects(situation)
    # support: an organisation-private note of the social worker (Tout Azimut), and one for the whole team
    note_add(situation, social_worker, text=PRIVATE_NOTE, visibility=Visibility.ORGANISATION)
    note_add(situation, coordinator, text="Note pour toute l'équipe", visibility=Visibility.TEAM)
    # support: the household's consent to share with the judge (the judge's sheet is printed, and read back)
    consent = consent_record(
        situation, social_worker, given_on=dt.date(2024, 4, 25), scope=ConsentScope.COURT, obtained_how="signed"
    )
    more |= {"consent_id": consent.pk}
    # support: a social diagnosis whose free text names the tenant (its pages are walked with it)
    record_diagnosis(situation, social_worker, other_debts_note=f"Prêt de {TENANT_NAME}")
    # support: a préconisation whose note names the tenant
    kind = kinds_by_code(team, ["orientation_mds"])["orientation_mds"]
    action = action_propose(situation, coordinator, kind=kind, note=f"{TENANT_NAME} rappeler la MDS")
    more |= {"action_id": action.pk}
    # outreach: a message template's channel
    message = Message.objects.create(
        team=team, situation=situation, channel="sms", recipient="+33612345678", body="x", state="unknown"
    )
    more |= {"channel": "sms", "message_id": message.public_id}
    # outreach: a tenant's reply waiting in team A's inbox (its text and sender are team A's personal data)
    reply = InboundMessage.objects.create(
        team=team, channel="email", sender="zephyrine@secret.example", body=f"{TENANT_NAME} répond",
        received_at=timezone.now(), provider="brevo", provider_id="reply-1", status="inbox",
    )  # fmt: skip
    more |= {"inbound_id": reply.public_id}
    return {
        **more,
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


def names_an_object_of_team_a(name) -> bool:
    return bool(set(dict(named_patterns())[name].pattern.regex.groupindex) - set(TEXT_PARAMETERS))


@pytest.fixture
def people(coordinator, social_worker, juriste, funder, other_team_member, outsider):
    return {
        Role.COORDINATOR: coordinator,
        Role.SOCIAL_WORKER: social_worker,
        Role.JURISTE: juriste,
        Role.FUNDER: funder,
        "other_team": other_team_member,
        "no_team": outsider,
        # The platform's administrator: staff and superuser, in no team; manages accounts, sees no case.
        ADMINISTRATOR: UserFactory(username="administrateur", is_staff=True, is_superuser=True),
    }


def requests(client, url):
    yield "GET", client.get(url)
    yield "POST", client.post(url)
    yield "htmx GET", client.get(url, headers={"HX-Request": "true"})


@pytest.mark.parametrize("name", ALL_NAMES)
def test_each_view_as_each_person(client, name, team_a_data, people):
    url = url_for(name, team_a_data)
    allowed = allowed_people(name)

    anonymous = client.get(url)
    assert not leaked(response_text(anonymous)) and not inline_code(anonymous)
    if ACCESS[name] == PUBLIC:
        assert anonymous.status_code in ({401, 405} if name in SECRET_WEBHOOKS else {200, 302, 405})
        return
    assert anonymous.status_code == 302 and "/compte/connexion/" in anonymous["Location"]
    assert client.post(url).status_code == 302

    for who, user in people.items():
        client.force_login(user)
        for method, response in requests(client, url):
            assert not leaked(response.get("Location", "")), (who, method, "personal data in an address")
            if who in allowed:
                assert response.status_code in {200, 302, 405}, (who, method, response.status_code)
                assert not inline_code(response), (who, method, inline_code(response))
            elif response.status_code == 405:
                pass  # a method the view refuses before anything else: nothing is read
            elif who == "other_team" and names_an_object_of_team_a(name):
                assert response.status_code == 404, (who, method, response.status_code)
            else:
                # A page of one's own team (no object of team A in its address) works on the other team's data.
                assert response.status_code in {403, 404} or (
                    who == "other_team" and response.status_code in {200, 302, 405}
                ), (who, method, response.status_code)
            if who not in allowed or who == Role.FUNDER:
                assert not leaked(response_text(response)), (who, method, leaked(response_text(response)))
            if who not in PRIVATE_NOTE_READERS:
                assert not private_note_leaked(response), (who, method, "an organisation-private note")
        client.logout()


def admin_pages():
    """Every page of the admin for every registered model: list, add, and each object's change, history and
    delete pages."""
    yield reverse("admin:index")
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse("admin:app_list", args=[model._meta.app_label])
        yield reverse(f"{info}_changelist")
        yield reverse(f"{info}_add")
        for obj in model._default_manager.all()[:50]:
            for page in ("change", "history", "delete"):
                yield reverse(f"{info}_{page}", args=[obj.pk])


def test_the_administrator_sees_no_case_data_in_the_admin(client, team_a_data, people):
    # Team A's accounts, memberships and organisations are in the admin: they are not case data.
    client.force_login(people[ADMINISTRATOR])
    pages = list(admin_pages())
    assert len(pages) > 20
    for url in pages:
        response = client.get(url)
        assert response.status_code in {200, 302, 403}, (url, response.status_code)
        assert not leaked(response_text(response)), (url, leaked(response_text(response)))
        assert not inline_code(response), (url, inline_code(response))


@pytest.mark.parametrize(
    "who", [Role.COORDINATOR, Role.SOCIAL_WORKER, Role.JURISTE, Role.FUNDER, "other_team", "no_team"]
)
def test_only_the_administrator_enters_the_admin(client, people, who):
    client.force_login(people[who])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_the_walk_reads_the_pdfs_it_is_given(client, team_a_data, people):
    """Witness: the hearing sheets are PDFs; the walk reads their text, so a name in them would be seen."""
    client.force_login(people[Role.JURISTE])
    for name in ("hearing:sheet", "hearing:court_sheet", "hearing:dsf_pdf"):
        response = client.get(url_for(name, team_a_data))
        assert response["Content-Type"] == "application/pdf", name
        assert leaked(response_text(response)), name  # the tenant's name, printed for team A's juriste


def test_the_walk_would_see_a_private_note_shown_to_the_other_organisation(client, team_a_data, people, monkeypatch):
    """Witness: were the notes' visibility broken, the walk's check above fails on the juriste's page."""
    url = url_for("notes:notes", team_a_data)
    client.force_login(people[Role.JURISTE])
    assert not private_note_leaked(client.get(url))
    monkeypatch.setattr(NoteQuerySet, "visible_to", lambda notes, user: Note.objects.all())
    assert private_note_leaked(client.get(url))
    assert private_note_leaked(client.get(url, headers={"HX-Request": "true"}))
