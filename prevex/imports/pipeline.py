"""One pipeline for every file a team imports: upload → (columns) → preview → confirm or cancel (→ undo).

A pipeline — the tracking sheet (`imports/suivi`), the préfecture's list (`intake/prefecture`), the social
services' answer (`intake/mds`), and next the API's upload — says how its file is read and decided, and what
confirming writes. The rest is written once: the batch kept with its file (`services.store_upload`), the
journal, the cancellation, one import at a time per team, and the pages (`imports/views.py`, `pipeline_urls`).
"""

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from prevex.imports import services
from prevex.imports.forms import UploadForm
from prevex.imports.models import ImportBatch, ImportStatus
from prevex.imports.reading import ImportFileError
from prevex.organisations.permissions import Action


class Decision:
    """What a row of an imported file does, in every pipeline (each uses the ones it needs)."""

    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    NOT_ELIGIBLE = "not_eligible"
    ERROR = "error"
    LABELS = {
        NEW: gettext_lazy("Nouvelle situation"),
        UPDATE: gettext_lazy("Mise à jour"),
        UNCHANGED: gettext_lazy("Déjà importée, inchangée"),
        DUPLICATE: gettext_lazy("Doublon (déjà importée)"),
        CONFLICT: gettext_lazy("Conflit à vérifier"),
        NOT_ELIGIBLE: gettext_lazy("Non éligible"),
        ERROR: gettext_lazy("Erreur"),
    }
    WRITTEN = (NEW, UPDATE)  # what confirming writes; the other rows are only shown


# Every key a row of any pipeline may show on the preview page: a pipeline fills in those it knows.
ROW_DEFAULTS = {
    "line": "",
    "decision": Decision.ERROR,
    "reference": "",
    "name": "",
    "commune": "",
    "hearing_date": "",
    "reason": "",
    "errors": [],
    "warnings": [],
    "changes": [],
    "conflicts": [],
    "added": [],
    "existing": "",
}


def conflict_lines(rows) -> list[str]:
    """What the command lines say of the rows in conflict (rows with `line`, `decision` and `reason`)."""
    return [f"Ligne {row.line} : {row.reason}" for row in rows if row.decision == Decision.CONFLICT]


class PreviewOutdated(ImportFileError):
    """The team's situations changed since the preview: it was computed again and must be looked at."""

    def __init__(self, batch: ImportBatch, summary: dict):
        super().__init__(
            _(
                "Les situations de l'équipe ont changé depuis l'aperçu (un autre import ou une saisie) : "
                "voici l'aperçu à jour, vérifiez-le avant de confirmer."
            )
        )
        self.batch, self.summary = batch, summary

    def keep(self) -> None:
        """Keep the up-to-date preview on the batch (outside the failed transaction), if the batch is still pending
        with the preview the commit refused: a cancellation or a purge that landed meanwhile dropped its details,
        which must not come back, and a new choice of columns has a preview of its own (one UPDATE, whose
        condition is checked again on the locked row)."""
        ImportBatch.objects.filter(
            pk=self.batch.pk,
            status=ImportStatus.PREVIEWED,
            summary__fingerprint=self.batch.summary.get("fingerprint"),
        ).update(summary=self.summary)


class Pipeline:
    """One kind of file. A subclass sets the attributes and writes `upload` and `commit` (and `remap`, `undo`,
    `undo_blocker` when it has a column step or can be undone); the views and the URLs come from here."""

    kind: str
    namespace: str  # the URL namespace its pages live in
    prefix = ""  # of its URL names, within the namespace
    param = "batch_id"  # the URL parameter naming a batch
    route = ""  # where its pages start, within the namespace
    view_names: dict = {}  # a page's URL name when it is not `prefix` + the view's name
    nav = "imports"
    action = Action.IMPORT_FILES
    upload_form = UploadForm
    title = ""
    upload_button = gettext_lazy("Voir l'aperçu")
    upload_template = "imports/upload.html"
    decisions: tuple = (Decision.NEW, Decision.UPDATE, Decision.UNCHANGED, Decision.ERROR)
    written_decisions: tuple = Decision.WRITTEN  # the rows confirming writes
    labels: dict = {}
    has_mapping = False
    can_undo = False
    undo_help = gettext_lazy(
        "Retire les situations créées et rétablit les situations mises à jour, tant que personne n'y a touché."
    )

    def url_name(self, view: str) -> str:
        return f"{self.namespace}:{self._name(view)}"

    def _name(self, view: str) -> str:
        return self.view_names.get(view, f"{self.prefix}{view}")

    @property
    def names(self) -> dict:
        """The URL name of each page, for the templates: `{% url pipeline.names.preview batch.public_id %}`."""
        return {view: self.url_name(view) for view in ("upload", "preview", "confirm", "cancel", "mapping", "undo")}

    def label(self, decision: str) -> str:
        return str(self.labels.get(decision) or Decision.LABELS[decision])

    def batches(self, team):
        """The team's batches of this kind: another kind's batch is a 404 on these pages."""
        return ImportBatch.objects.for_team(team).of_kind(self.kind)

    def upload_context(self, team) -> dict:
        return {}

    def shown(self, row: dict) -> dict:
        """A row kept in the batch, as the preview page shows it (a pipeline adapts rows kept by older versions)."""
        return row

    def field_choices(self) -> list:
        """The Prevex fields a column may feed, on the column step."""
        return []

    # What each pipeline writes.

    def upload(self, *, team, data: bytes, filename: str, user, **options) -> ImportBatch:
        raise NotImplementedError

    def commit(self, *, batch: ImportBatch, user) -> dict:
        raise NotImplementedError

    def confirm_label(self, count: int) -> str:
        return ngettext(
            "Confirmer l'import de la ligne valide", "Confirmer l'import des %(count)s lignes valides", count
        ) % {"count": count}

    def written_message(self, written: dict) -> str:
        """Said once, when the import is confirmed."""
        return _("Import terminé. Situations créées : %(created)s ; mises à jour : %(updated)s.") % written

    def result_message(self, written: dict) -> str:
        """What the confirmed import wrote, on its page."""
        return _("%(created)s situations créées, %(updated)s mises à jour.") % written

    def after_upload(self, batch: ImportBatch) -> str:
        """The page an upload leads to: the column step, unless a saved profile mapped the file."""
        return "mapping" if self.has_mapping and not batch.summary.get("profile") else "preview"

    def needs_mapping(self, batch: ImportBatch) -> bool:
        return self.has_mapping and batch.status == ImportStatus.PREVIEWED and bool(batch.summary.get("problems"))

    def remap(self, *, batch: ImportBatch, mapping: list[str], codes: dict, save_as: str, user) -> list[str]:
        """Decide again with the user's columns (and codes); the problems that keep it on the column step."""
        raise NotImplementedError

    def code_questions(self, batch: ImportBatch) -> list:
        """(column, label, codes found, choices, current meanings) for each column whose codes the column step
        asks the meaning of."""
        return []

    def undo(self, *, batch: ImportBatch, user) -> dict:
        raise NotImplementedError

    def undo_blocker(self, batch: ImportBatch) -> str:
        return ""

    def cancel(self, *, batch: ImportBatch, user) -> None:
        services.batch_cancel(batch=batch, user=user)

    def urls(self) -> list:
        """The pages of the pipeline, each behind the matrix's action (re-authentication to cancel or undo)."""
        from prevex.imports import views  # the views read the pipeline: imported when the URLs are built

        one = f"{self.route}<uuid:{self.param}>/"
        routes = [
            (self.route, "upload", views.upload),
            (one, "preview", views.preview),
            (f"{one}confirmer/", "confirm", views.confirm),
            (f"{one}annuler/", "cancel", views.cancel),
        ]
        if self.has_mapping:
            routes.append((f"{one}colonnes/", "mapping", views.mapping))
        if self.can_undo:
            routes.append((f"{one}defaire/", "undo", views.undo))
        return [path(route, views.for_pipeline(view, self), name=self._name(name)) for route, name, view in routes]
