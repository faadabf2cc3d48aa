"""Who may do what: the role × action matrix, written once (rules predicates, no database tables).

Views check an action with `access.action_required(Action.…)`; which *situations* a user reaches is a
separate matter, settled by the querysets (`Situation.objects.visible_by(user)`: their team's only).
The administrator of the platform (Django staff without a team) manages accounts in the admin and sees no
case data; an administrator who is also a team member has that role's rights in the application.
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
    IMPORT_FILES = "import_files", _("Importer les listes de la préfecture et le tableau de suivi")
    CHECK_SOCIAL_SERVICES = "check_social_services", _("Exporter et importer la vérification des services sociaux")
    MANAGE_TEAM = "manage_team", _("Gérer les secteurs, les référents par défaut et les règles d'éligibilité")
    READ_JOURNAL = "read_journal", _("Lire le journal de l'équipe")
    EXERCISE_RIGHTS = "exercise_rights", _("Exporter, rectifier ou effacer les données d'une personne (droits RGPD)")
    MANAGE_RETENTION = "manage_retention", _("Régler la durée de conservation et voir les anonymisations à venir")
    VIEW_BILAN = "view_bilan", _("Voir le bilan (chiffres agrégés)")
    EXPORT_BILAN = "export_bilan", _("Télécharger le bilan (Excel)")
    MANAGE_ACCOUNTS = "manage_accounts", _("Gérer les comptes (administration Django)")


CASE_WORKERS = (Role.COORDINATOR, Role.SOCIAL_WORKER, Role.JURISTE)
TEAM = (*CASE_WORKERS, Role.FUNDER)

MATRIX: dict[str, tuple[str, ...]] = {
    Action.WORK_ON_SITUATIONS: CASE_WORKERS,
    Action.DELETE_OWN_EVENT: CASE_WORKERS,
    Action.IMPORT_FILES: (Role.COORDINATOR,),
    Action.CHECK_SOCIAL_SERVICES: (Role.COORDINATOR,),
    Action.MANAGE_TEAM: (Role.COORDINATOR,),
    Action.READ_JOURNAL: (Role.COORDINATOR,),
    Action.EXERCISE_RIGHTS: (Role.COORDINATOR,),
    Action.MANAGE_RETENTION: (Role.COORDINATOR,),
    Action.VIEW_BILAN: TEAM,
    Action.EXPORT_BILAN: TEAM,
    Action.MANAGE_ACCOUNTS: (ADMINISTRATOR,),
}


def role_of(user) -> str | None:
    """The user's role in the matrix: their team role, else administrator for staff, else none."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = getattr(user, "membership", None)
    if membership is not None:
        return membership.role
    return ADMINISTRATOR if user.is_staff else None


def _has_one_of(roles: tuple[str, ...]):
    @rules.predicate
    def predicate(user) -> bool:
        return role_of(user) in roles

    return predicate


permissions = rules.RuleSet()
for _action, _roles in MATRIX.items():
    permissions.add_rule(_action, _has_one_of(_roles))


def can(user, action: str) -> bool:
    return permissions.test_rule(action, user)


def matrix_markdown() -> str:
    """The matrix as the table of docs/roles.md (a test keeps the two identical)."""
    roles = [*TEAM, ADMINISTRATOR]
    lines = ["| " + " | ".join([str(_("Action")), *(str(ROLE_LABELS[role]) for role in roles)]) + " |",
             "|" + "|".join(["---"] * (len(roles) + 1)) + "|"]  # fmt: skip
    for action in Action:
        marks = ["✔" if role in MATRIX[action] else "–" for role in roles]
        lines.append("| " + " | ".join([str(action.label), *marks]) + " |")
    return "\n".join(lines)
