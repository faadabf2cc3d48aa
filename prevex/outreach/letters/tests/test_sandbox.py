"""The templates a coordinator writes: only the app's placeholders, autoescaped; anything else named in French."""

import pytest

from prevex.outreach.letters.defaults import DEFAULTS
from prevex.outreach.letters.placeholders import NAMES
from prevex.outreach.letters.sandbox import check_text, render_text

VALUES = dict.fromkeys(NAMES, "")


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("Bonjour {{ locataire }}, audience le {{ date_audience|upper }}.", []),
        ("{{ locataire|default:'Madame, Monsieur' }}", []),
        ("Bonjour {{ nom_du_chien }}", ["Champ inconnu « {{ nom_du_chien }} »."]),
        ("{{ locataire.password }}", ["Champ inconnu « {{ locataire.password }} »."]),
        ("{{ locataire|safe }}", ["Le filtre « safe » n'est pas permis."]),
        (
            "{% if dette %}x{% endif %}",
            ["La balise « {% if %} » n'est pas permise : utilisez seulement des champs {{ … }}."],
        ),
        (
            "{% include 'base.html' %}",
            ["La balise « {% include %} » n'est pas permise : utilisez seulement des champs {{ … }}."],
        ),
        ("{% debug %}", ["La balise « {% debug %} » n'est pas permise : utilisez seulement des champs {{ … }}."]),
        ("{% load static %}", ["Le modèle est mal écrit : vérifiez les accolades {{ }} et les balises."]),
        ("Bonjour {{ locataire", ["Accolade non refermée près de « {{ locataire »."]),
        ("{{ }}", ["Champ mal écrit « {{  }} » : un champ s'écrit {{ nom_du_champ }}."]),
        ("{{ locataire|date:'Y' }}", ["Le filtre « date » n'est pas permis."]),
        # A quoted argument is printed as it is (Django takes it as safe): no markup in it.
        (
            '{{ locataire|default:"<div hx-post=/x hx-trigger=load>" }}',
            ["Le texte du filtre « default » ne peut contenir ni < > & ni guillemets."],
        ),
        ("{{ locataire|default:tribunal }}", ["L'argument du filtre « default » doit être un texte entre guillemets."]),
    ],
)
def test_a_text_is_checked_and_its_problems_named(text, problems):
    assert check_text(text, NAMES) == problems


def test_values_are_escaped_for_the_pdf_and_plain_for_the_word_document():
    values = VALUES | {"locataire": "Lou <b>Dupont</b> & fils"}
    assert render_text("À {{ locataire }}", values) == "À Lou &lt;b&gt;Dupont&lt;/b&gt; &amp; fils"
    assert render_text("À {{ locataire }}", values, autoescape=False) == "À Lou <b>Dupont</b> & fils"
    # The text typed around the placeholders is text too: no markup reaches the letter or the preview.
    assert render_text("<img src=x> & {{ tribunal }}", VALUES) == "&lt;img src=x&gt; &amp; "


@pytest.mark.parametrize("kind", list(DEFAULTS))
def test_the_shipped_texts_are_valid_templates(kind):
    for name, text in DEFAULTS[kind].items():
        assert check_text(str(text), NAMES) == [], (kind, name)


def test_the_shipped_first_letter_says_what_the_law_asks():
    body = str(DEFAULTS["premier_courrier"]["body"])
    assert "gratuite" in body and "indépendants de votre bailleur" in body and "{{ equipe_telephone }}" in body
    notice = " ".join(str(DEFAULTS["premier_courrier"]["notice"]).split())
    # RGPD art. 14: controller, purposes, legal basis, source, recipients, retention, rights, contact.
    for words in (
        "responsable de leur traitement",
        "Pour quoi faire ?",
        "Sur quelle base ?",
        "la préfecture",
        "Qui les reçoit ?",
        "Combien de temps ?",
        "Vos droits",
        "CNIL",
        "Contact :",
    ):
        assert words in notice, words


def test_the_notice_may_name_the_team_only(client, coordinator):
    from django.urls import reverse

    client.force_login(coordinator)
    url = reverse("letters:template_edit", args=["premier_courrier"])
    data = {"subject": "S", "body": "B {{ locataire }}", "notice": "Responsable : {{ equipe }}, pour {{ locataire }}"}
    page = client.post(url, data).content.decode().replace("&#x27;", "'")
    assert "Champ inconnu « {{ locataire }} »." in page
