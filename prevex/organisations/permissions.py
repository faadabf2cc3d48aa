"""Who may do what: the role × action matrix, written once (rules predicates, no database tables).

Every decision of who may do what reads this matrix through `can(user, action, obj=None)`: the views'
decorators (`access.action_required(Action.…)`), the situations a user reaches
(`Situation.objects.visible_by(user)`: their team's, if the matrix lets them work on situations), the home
page, the navigation and the templates (`can.import_files`, `{% can "…" obj %}`), the event buttons.

The platform's administrator is a Django staff account: it manages accounts in the admin (whose access
check is this matrix's `manage_accounts`) and, without a team, sees no case data. A staff account that is
also a team member has its team role's rights as well, and nothing more.
"""

import rules
from django.db import models
from django.utils.translation import gettext_lazy as _

from prevex.organisations.enums import Role

ADMINISTRATOR = "administrator"
ROLE_LABELS = {**dict(Role.choices), ADMINISTRATOR: _("Administrateur de la plateforme")}


class Action(models.TextChoices):
    WORK_ON_SITUATIONS = "work_on_situations", _("Consulter, créer et suivre les situations (événements, référents)")
    DELETE_OWN_EVENT = "delete_own_event", _("Corriger ou supprimer ses propres événements")
    CORRECT_ANY_EVENT = "correct_any_event", _("Corriger ou supprimer l'événement d'un collègue (journalisé)")
    SEE_TEAM_CASELOAD = (
        "see_team_caseload",
        _("Voir dans « Aujourd'hui » toutes les situations de l'équipe (sinon : celles dont on est référent)"),
    )
    IMPORT_FILES = "import_files", _("Importer les listes de la préfecture et le tableau de suivi")
    CHECK_SOCIAL_SERVICES = "check_social_services", _("Exporter et importer la vérification des services sociaux")
    SEND_LETTERS = "send_letters", _("Imprimer les courriers du jour, les marquer envoyés, noter un retour (NPAI)")
    SEND_MESSAGES = "send_messages", _("Envoyer les SMS et e-mails aux locataires, vérifier un envoi interrompu")
    MANAGE_MESSAGE_TEMPLATES = "manage_message_templates", _("Rédiger les modèles de SMS et d'e-mails de l'équipe")
    HANDLE_REPLIES = (
        "handle_replies",
        _("Classer les réponses des locataires à rattacher : les rattacher à une situation ou les écarter"),
    )
    PLAN_ROUNDS = "plan_rounds", _("Préparer une tournée de visites et en noter les résultats")
    PAUSE_OUTREACH = "pause_outreach", _("Mettre en pause ou reprendre l'aller-vers d'un ménage")
    MANAGE_OUTREACH = "manage_outreach", _("Régler la séquence d'aller-vers et les modèles de courrier de l'équipe")
    MANAGE_TEAM = "manage_team", _("Gérer les secteurs, les référents par défaut et les règles d'éligibilité")
    READ_JOURNAL = "read_journal", _("Lire le journal de l'équipe")
    EXERCISE_RIGHTS = "exercise_rights", _("Exporter, rectifier ou effacer les données d'une personne (droits RGPD)")
    MANAGE_RETENTION = "manage_retention", _("Régler la durée de conservation et voir les anonymisations à venir")
    VIEW_BILAN = "view_bilan", _("Voir le bilan (chiffres agrégés)")
    EXPORT_BILAN = "export_bilan", _("Télécharger le bilan (Excel)")
    SUPPORT_NOTES = (
        "support_notes",
        _("Lire et écrire les notes à savoir (celles réservées à une organisation : ses seuls membres)"),
    )
    MANAGE_ACCOUNTS = "manage_accounts", _("Gérer les équipes et les comptes (administration Django)")
    RECORD_PROCEDURE_ACTS = (
        "record_procedure_acts",
        _("Enregistrer les actes de la procédure (commandement, jugement…) dont les délais légaux sont calculés"),
    )
    RECORD_CONSENT = "record_consent", _("Enregistrer ou retirer le consentement du ménage au partage")
    PREPARE_HEARING = (
        "prepare_hearing",
        _("Imprimer la fiche de préparation d'audience (et, avec le consentement du ménage, celle pour le juge)"),
    )
    DSF_CONTRIBUTION = "dsf_contribution", _("Imprimer la contribution au diagnostic social et financier (DSF)")
    READ_DIAGNOSIS = (
        "read_diagnosis",
        _("Consulter le diagnostic social, le plan d'apurement qui en découle et l'estimation des droits"),
    )
    WRITE_DIAGNOSIS = "write_diagnosis", _("Enregistrer une nouvelle version du diagnostic social d'un ménage")
    MANAGE_ACTION_CATALOGUE = (
        "manage_action_catalogue",
        _("Régler le catalogue des préconisations de l'équipe (libellés, ordre, ajouts)"),
    )


CASE_WORKERS = (Role.COORDINATOR, Role.SOCIAL_WORKER, Role.JURISTE)
TEAM = (*CASE_WORKERS, Role.FUNDER)

MATRIX: dict[str, tuple[str, ...]] = {
    Action.WORK_ON_SITUATIONS: CASE_WORKERS,
    Action.DELETE_OWN_EVENT: CASE_WORKERS,
    Action.CORRECT_ANY_EVENT: (Role.COORDINATOR,),
    Action.SEE_TEAM_CASELOAD: (Role.COORDINATOR,),
    Action.IMPORT_FILES: (Role.COORDINATOR,),
    Action.CHECK_SOCIAL_SERVICES: (Role.COORDINATOR,),
    Action.SEND_LETTERS: CASE_WORKERS,
    Action.SEND_MESSAGES: CASE_WORKERS,
    Action.MANAGE_MESSAGE_TEMPLATES: (Role.COORDINATOR,),
    Action.HANDLE_REPLIES: (Role.COORDINATOR,),
    Action.PLAN_ROUNDS: CASE_WORKERS,
    Action.PAUSE_OUTREACH: (Role.COORDINATOR,),
    Action.MANAGE_OUTREACH: (Role.COORDINATOR,),
    Action.MANAGE_TEAM: (Role.COORDINATOR,),
    Action.READ_JOURNAL: (Role.COORDINATOR,),
    Action.EXERCISE_RIGHTS: (Role.COORDINATOR,),
    Action.MANAGE_RETENTION: (Role.COORDINATOR,),
    Action.VIEW_BILAN: TEAM,
    Action.EXPORT_BILAN: TEAM,
    Action.SUPPORT_NOTES: CASE_WORKERS,
    Action.MANAGE_ACCOUNTS: (ADMINISTRATOR,),
    Action.RECORD_PROCEDURE_ACTS: (Role.JURISTE,),
    Action.RECORD_CONSENT: CASE_WORKERS,
    Action.PREPARE_HEARING: (Role.COORDINATOR, Role.JURISTE),
    Action.DSF_CONTRIBUTION: CASE_WORKERS,
    Action.READ_DIAGNOSIS: CASE_WORKERS,
    Action.WRITE_DIAGNOSIS: (Role.COORDINATOR, Role.SOCIAL_WORKER),  # the juriste reads it
    Action.MANAGE_ACTION_CATALOGUE: (Role.COORDINATOR,),
}


def roles_of(user) -> frozenset[str]:
    """The user's roles in the matrix: their team role (one team at most), plus administrator for active staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    membership = getattr(user, "membership", None)
    roles = {membership.role} if membership is not None else set()
    if user.is_staff:
        roles.add(ADMINISTRATOR)
    return frozenset(roles)


def _role_allowed(action: str):
    @rules.predicate
    def predicate(user) -> bool:
        return not roles_of(user).isdisjoint(MATRIX[action])  # read at each call: the matrix is the authority

    return predicate


@rules.predicate
def is_author(user, event) -> bool:
    """The event is the user's own (without an event: the role may, for its own events)."""
    return event is None or (event.author_id is not None and event.author_id == user.pk)


@rules.predicate
def is_of_their_team(user, event) -> bool:
    """Any event of the user's team (the views reach it through the team's situations; checked again here)."""
    membership = getattr(user, "membership", None)
    return event is None or (membership is not None and event.situation.team_id == membership.team_id)


# What the matrix's "own" and "any" mean, checked on the object when there is one: `can(user, action, event)`.
CONDITIONS = {Action.DELETE_OWN_EVENT: is_author, Action.CORRECT_ANY_EVENT: is_of_their_team}
# Who corrects or deletes an event: its author, or whoever may correct a colleague's.
EVENT_CHANGES = (Action.DELETE_OWN_EVENT, Action.CORRECT_ANY_EVENT)

permissions = rules.RuleSet()
for _action in MATRIX:
    permissions.add_rule(_action, _role_allowed(_action) & CONDITIONS.get(_action, rules.always_allow))


def can(user, action: str, obj=None) -> bool:
    """Whether the user may do the action (on `obj`, for the actions with a condition on it)."""
    if action not in MATRIX:
        raise ValueError(f"unknown action {action!r}: add it to permissions.MATRIX")
    return permissions.test_rule(action, user, obj)


def can_any(user, actions, obj=None) -> bool:
    return any(can(user, action, obj) for action in actions)


def may_change_event(user, event) -> bool:
    """Correct or delete this event: one's own (`delete_own_event`) or a colleague's (`correct_any_event`)."""
    return can_any(user, EVENT_CHANGES, event)


def roles_allowed(action: str) -> tuple[str, ...]:
    """The team roles the matrix allows the action (e.g. who may be chosen as a referent)."""
    return tuple(role for role in MATRIX[action] if role != ADMINISTRATOR)


def allowed_actions(user) -> dict[str, bool]:
    """Every action with whether the user may do it (the templates' `can.import_files`…)."""
    return {action.value: can(user, action) for action in Action}


def matrix_markdown() -> str:
    """The matrix as the table of docs/roles.md (a test keeps the two identical; `manage.py roles_matrix`)."""
    roles = [*TEAM, ADMINISTRATOR]
    lines = [
        "| " + " | ".join([str(_("Action")), *(str(ROLE_LABELS[role]) for role in roles)]) + " |",
        "|" + "|".join(["---"] * (len(roles) + 1)) + "|",
    ]
    for action in Action:
        marks = ["✔" if role in MATRIX[action] else "–" for role in roles]
        lines.append("| " + " | ".join([str(action.label), *marks]) + " |")
    return "\n".join(lines)
