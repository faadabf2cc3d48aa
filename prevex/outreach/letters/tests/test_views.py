"""The letters' pages: the letters of the day (a constant number of queries), the batch PDF and its
confirmation, a letter alone, NPAI in two clicks, the editor (validation, live preview), the letterhead's
images (hostile uploads refused), and team isolation."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from prevex.outreach.enums import AdHocTask
from prevex.outreach.letters.models import Letterhead, LetterTemplate
from prevex.outreach.letters.tests.support import due_situation, task_of
from prevex.outreach.models import Task
from prevex.situations.enums import EventKind
from prevex.situations.models import Event

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def logged(client, coordinator):
    client.force_login(coordinator)
    return client


def png(width=60, height=30, fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(out, format=fmt)
    return out.getvalue()


def test_the_letters_of_the_day_list_ready_and_blocked_letters(logged, team):
    due_situation(team, reference="EM91-00001", tenant_last_name="Martin")
    due_situation(team, reference="EM91-00002", address="")
    response = logged.get(reverse("letters:today"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 courrier prêt" in page and "MARTIN" in page
    assert "Adresse incomplète : il manque l&#x27;adresse." in page
    assert "3 courriers bloqués" in page  # the two landlord letters, and EM91-00002's first letter


def test_the_page_costs_the_same_queries_for_one_letter_or_many(logged, team):
    due_situation(team)
    with CaptureQueriesContext(connection) as one:
        assert logged.get(reverse("letters:today")).status_code == 200
    for _ in range(6):
        due_situation(team)
    with CaptureQueriesContext(connection) as seven:
        response = logged.get(reverse("letters:today"))
    assert response.content.decode().count('name="task"') == 7
    assert len(seven) == len(one)


def test_the_batch_pdf_then_envoyes_records_the_events_once(logged, team):
    situation = due_situation(team)
    response = logged.get(reverse("letters:batch_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="courriers-2024-05-02.pdf"'
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2
    ids = {"task": [task_of(situation).pk]}
    response = logged.post(reverse("letters:confirm"), ids, follow=True)
    assert "1 courrier noté envoyé sur l&#x27;historique de sa situation." in response.content.decode()
    response = logged.post(reverse("letters:confirm"), ids, follow=True)  # the double click
    assert "1 courrier était déjà noté envoyé." in response.content.decode()
    assert Event.objects.filter(situation=situation, kind=EventKind.LETTER).count() == 1
    assert not Task.objects.open().filter(situation=situation, step="premier_courrier").exists()


def test_no_letter_due_redirects_with_a_message(logged, team):
    response = logged.get(reverse("letters:batch_pdf"), follow=True)
    assert "Aucun courrier à imprimer aujourd&#x27;hui." in response.content.decode()


def test_a_letter_alone_as_pdf_and_word(logged, team):
    situation = due_situation(team)
    pdf = logged.get(reverse("letters:letter_pdf", args=[situation.public_id, "avis_de_passage"]))
    assert (
        pdf["Content-Type"] == "application/pdf"
        and "Avis de passage" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    )
    word = logged.get(reverse("letters:letter_docx", args=[situation.public_id, "courrier_bailleur"]))
    assert word["Content-Type"].endswith("wordprocessingml.document")
    blocked = logged.get(reverse("letters:letter_pdf", args=[situation.public_id, "courrier_bailleur"]), follow=True)
    assert "Adresse du bailleur à compléter" in blocked.content.decode()
    assert logged.get(reverse("letters:letter_pdf", args=[situation.public_id, "inconnu"])).status_code == 404


def test_another_teams_situation_does_not_exist(logged, other_team_member):
    other = due_situation(other_team_member.membership.team)
    for name in ("letters:letter_pdf", "letters:letter_docx"):
        assert logged.get(reverse(name, args=[other.public_id, "premier_courrier"])).status_code == 404
    assert logged.post(reverse("letters:returned_record", args=[other.public_id])).status_code == 404
    assert not Task.objects.filter(situation=other, step=AdHocTask.CHECK_ADDRESS).exists()


def test_npai_in_two_clicks_by_reference(logged, team):
    situation = due_situation(team, reference="EM91-00007")
    response = logged.post(reverse("letters:returned"), {"reference": "EM91-00007"}, follow=True)
    assert "Retour noté pour EM91-00007" in response.content.decode()
    assert Task.objects.open().filter(situation=situation, step=AdHocTask.CHECK_ADDRESS).exists()


def test_npai_by_name_lists_the_households_then_records_one(logged, team):
    situation = due_situation(team, tenant_last_name="Lemoine")
    page = logged.post(reverse("letters:returned"), {"name": "lemoine"}).content.decode()
    assert "Courrier revenu : LEMOINE" in page
    logged.post(reverse("letters:returned_record", args=[situation.public_id]))
    assert Task.objects.open().filter(situation=situation, step=AdHocTask.CHECK_ADDRESS).exists()
    unknown = logged.post(reverse("letters:returned"), {"reference": "NOPE-1"}).content.decode()
    assert "Aucune situation de l&#x27;équipe n&#x27;a la référence « NOPE-1 »." in unknown


def test_the_editor_refuses_an_unknown_placeholder_and_saves_a_valid_text(logged, team):
    url = reverse("letters:template_edit", args=["relance"])
    assert "Courrier de relance au locataire" in logged.get(url).content.decode()
    bad = logged.post(url, {"subject": "Relance", "body": "Bonjour {{ prenom_du_chat }}"})
    assert "Champ inconnu « {{ prenom_du_chat }} »." in bad.content.decode().replace("&#x27;", "'")
    assert not LetterTemplate.objects.exists()
    logged.post(url, {"subject": "Relance {{ reference }}", "body": "Bonjour {{ locataire }}."})
    saved = LetterTemplate.objects.get(team=team, kind="relance")
    assert saved.body == "Bonjour {{ locataire }}."
    logged.post(url, {"reset": "1"})
    assert not LetterTemplate.objects.exists()


def test_the_first_letter_needs_its_data_protection_notice(logged, team):
    url = reverse("letters:template_edit", args=["premier_courrier"])
    response = logged.post(url, {"subject": "S", "body": "B", "notice": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_the_live_preview_renders_the_typed_text_escaped_on_a_chosen_situation(logged, team):
    due_situation(team, reference="EM91-00009", tenant_last_name="Aperçu")
    url = reverse("letters:template_preview", args=["relance"])
    sample = logged.post(
        url, {"subject": "Objet", "body": "Pour {{ locataire }} <script>"}, headers={"HX-Request": "true"}
    )
    assert "Camille EXEMPLE" in sample.content.decode() and "&lt;script&gt;" in sample.content.decode()
    chosen = logged.post(url, {"subject": "O", "body": "Pour {{ locataire }}", "reference": "EM91-00009"})
    assert "Hélène APERÇU" in chosen.content.decode()
    broken = logged.post(url, {"subject": "O", "body": "{{ oups }}"}).content.decode()
    assert "Modèle de courrier à corriger" in broken and "oups" in broken


def test_the_letterhead_keeps_a_reencoded_png_and_refuses_what_is_not_an_image(logged, team):
    url = reverse("letters:letterhead")
    data = {"sender_name": "EMPE 91", "phone": "01 23 45 67 89", "address": "1 place A\n91000 Évry", "email": ""}
    jpeg = SimpleUploadedFile("logo.jpg", png(fmt="JPEG"), content_type="image/jpeg")
    response = logged.post(url, {**data, "logo_upload": jpeg})
    assert response.status_code == 302
    head = Letterhead.objects.get(team=team)
    assert head.phone == "01 23 45 67 89" and head.logo.name.endswith(".png")
    with head.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG" and image.size == (60, 30)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    refused = logged.post(url, {**data, "signature_upload": fake}).content.decode()
    assert "Ce fichier n&#x27;est pas une image lisible (PNG ou JPEG)." in refused
    gif = io.BytesIO()
    Image.new("RGB", (5, 5)).save(gif, format="GIF")
    refused = logged.post(url, {**data, "signature_upload": SimpleUploadedFile("s.gif", gif.getvalue())})
    assert "Déposez une image PNG ou JPEG." in refused.content.decode()
    head.refresh_from_db()
    assert not head.signature
    # A new logo replaces the file; removing it leaves no file behind.
    first = Path(head.logo.path)
    logged.post(url, {**data, "logo_upload": SimpleUploadedFile("l2.png", png(20, 20))})
    head.refresh_from_db()
    assert not first.exists() and Path(head.logo.path).exists()
    second = Path(head.logo.path)
    logged.post(url, {**data, "logo_remove": "on"})
    head.refresh_from_db()
    assert not head.logo and not second.exists()


def test_an_image_claiming_too_many_pixels_is_refused_before_decoding(logged, team):
    huge = SimpleUploadedFile("big.png", png(5000, 4000))
    response = logged.post(reverse("letters:letterhead"), {"sender_name": "E", "logo_upload": huge})
    assert "L&#x27;image est trop grande" in response.content.decode()


@pytest.mark.parametrize("name", ["letters:today", "letters:returned", "letters:batch_pdf"])
def test_who_may_not_send_letters_is_refused(client, funder, name):
    client.force_login(funder)
    assert client.get(reverse(name)).status_code == 403


def test_a_social_worker_prints_but_does_not_edit_templates(client, social_worker):
    client.force_login(social_worker)
    assert client.get(reverse("letters:today")).status_code == 200
    assert client.get(reverse("letters:templates")).status_code == 403
