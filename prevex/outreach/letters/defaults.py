"""The shipped texts of the letters, in plain French: short sentences, what the hearing is, that the team's help
is free and independent of the landlord, how to reach it. A team edits its own copy (`LetterTemplate`).

The placeholders are those of `placeholders.PLACEHOLDERS`; the phone number is also printed in large type by the
letter's layout, whatever the text says. A blank line separates paragraphs; a single line break is a space.
"""

from django.utils.translation import gettext_lazy as _

from prevex.outreach.letters.enums import LetterKind

TENANT_FIRST_BODY = _(
    """Madame, Monsieur,

Vous êtes convoqué(e) au {{ tribunal }} le {{ date_audience }}.
Cette audience concerne votre logement : {{ adresse }}.
Votre bailleur demande au juge de résilier votre bail, à cause d'une dette de loyer de {{ dette }}.

Vous pouvez encore agir. Nous pouvons vous aider, avant l'audience.
Nous vous expliquons la procédure. Nous cherchons avec vous des solutions : un plan d'apurement, des aides, un
relogement si besoin.

Notre aide est gratuite. Nous sommes indépendants de votre bailleur.

Appelez-nous au {{ equipe_telephone }}. Vous pouvez aussi répondre sur votre page personnelle :
{{ lien_personnel }}

Même si vous ne pouvez pas payer, venez à l'audience. C'est important : le juge tient compte de votre
situation.

Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées."""
)

REMINDER_BODY = _(
    """Madame, Monsieur,

Nous vous avons écrit, puis nous sommes passés chez vous. Nous ne vous avons pas trouvé(e).

Votre audience au {{ tribunal }} a lieu le {{ date_audience }}. Il reste peu de temps.

Nous pouvons encore vous aider. Notre aide est gratuite. Nous sommes indépendants de votre bailleur.

Appelez-nous au {{ equipe_telephone }}, ou répondez sur votre page personnelle :
{{ lien_personnel }}

Venez à l'audience, même si vous ne pouvez pas payer.

Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées."""
)

LANDLORD_BODY = _(
    """Madame, Monsieur,

Vous avez assigné {{ locataire }}, locataire du logement situé {{ adresse }}, devant le {{ tribunal }}.
L'audience est fixée au {{ date_audience }}.

Notre équipe de prévention des expulsions contacte votre locataire avant l'audience. Elle l'aide à comprendre
la procédure et à chercher une solution pour la dette ({{ dette }}).

Pour préparer l'audience, pouvez-vous nous indiquer le montant actuel de la dette, les derniers paiements
reçus, et si un plan d'apurement vous paraît possible ?

Vous pouvez nous joindre au {{ equipe_telephone }} ou à {{ equipe_email }}.
Merci de rappeler notre référence : {{ reference }}.

Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées."""
)

DOOR_NOTICE_BODY = _(
    """Bonjour,

Nous sommes passés chez vous aujourd'hui, le {{ date_du_jour }}. Vous étiez absent(e).

Nous voulons vous parler de votre audience au {{ tribunal }}, le {{ date_audience }}.

Notre aide est gratuite. Nous sommes indépendants de votre bailleur.

Appelez-nous au {{ equipe_telephone }}, ou répondez sur votre page personnelle :
{{ lien_personnel }}"""
)

# The notice RGPD art. 14 requires when the data were not obtained from the person: who holds them, why, on
# which legal basis, where they come from, who receives them, how long they are kept, the person's rights and
# whom to ask. Printed with the first letter to the tenant.
PRIVACY_NOTICE = _(
    """Vos données personnelles

Qui utilise vos données ? {{ equipe }} ({{ equipe_adresse }}) est responsable de leur traitement.

D'où viennent-elles ? De la liste des ménages assignés que la préfecture transmet à l'équipe (charte de
prévention des expulsions locatives du département). Elles ne viennent pas de vous.

Lesquelles ? Vos nom et prénom, votre adresse, la date et le tribunal de l'audience, le nom de votre bailleur,
le montant de la dette s'il est connu, et ce que vous nous direz.

Pour quoi faire ? Vous proposer de l'aide avant l'audience, vous accompagner si vous le souhaitez, et établir
des statistiques anonymes sur la prévention des expulsions.

Sur quelle base ? Une mission d'intérêt public : la prévention des expulsions (article 6.1.e du RGPD ; loi du
31 mai 1990 et article 7-2 de la loi du 6 juillet 1989).

Qui les reçoit ? Seulement les membres de l'équipe qui vous aident. Avec votre accord, les services sociaux ou
les organismes d'aide à qui vous demandez un soutien.

Combien de temps ? Le temps de l'accompagnement, puis elles sont anonymisées au plus tard deux ans après la
fin du suivi.

Vos droits : vous pouvez demander à voir vos données, à les corriger, à les effacer, ou vous opposer à leur
utilisation. Vous pouvez aussi saisir la CNIL (www.cnil.fr).

Contact : {{ equipe }}, {{ equipe_telephone }}, {{ equipe_email }}."""
)

DEFAULTS = {
    LetterKind.TENANT_FIRST: {
        "subject": _("Votre audience du {{ date_audience }} : nous pouvons vous aider"),
        "body": TENANT_FIRST_BODY,
        "notice": PRIVACY_NOTICE,
    },
    LetterKind.LANDLORD: {
        "subject": _("Procédure contre {{ locataire }} – audience du {{ date_audience }}"),
        "body": LANDLORD_BODY,
        "notice": "",
    },
    LetterKind.REMINDER: {
        "subject": _("Votre audience approche : appelez-nous"),
        "body": REMINDER_BODY,
        "notice": "",
    },
    LetterKind.DOOR_NOTICE: {
        "subject": _("Avis de passage"),
        "body": DOOR_NOTICE_BODY,
        "notice": "",
    },
}


def default_texts(kind: str) -> dict[str, str]:
    """The shipped subject, body and notice of a kind of letter (translated now)."""
    return {name: str(text) for name, text in DEFAULTS[LetterKind(kind)].items()}
