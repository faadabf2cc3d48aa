"""Every existing team gets the shipped catalogue, and each code of `Situation.recommendations` becomes an action
« à faire » (the tracking sheet's `preconisations` column gives codes only, no status nor date): proposed on the
household's first adhesion, else on the day the situation was received."""

from django.db import migrations


def forwards(apps, schema_editor):
    from prevex.support.actions.catalogue import DEFAULT_KINDS

    Team = apps.get_model("organisations", "Team")
    ActionKind = apps.get_model("actions", "ActionKind")
    Action = apps.get_model("actions", "Action")
    Situation = apps.get_model("situations", "Situation")
    Event = apps.get_model("situations", "Event")
    for team in Team.objects.all():
        have = set(ActionKind.objects.filter(team=team).values_list("code", flat=True))
        ActionKind.objects.bulk_create(
            [
                ActionKind(
                    team=team,
                    code=spec.code,
                    label=str(spec.label),
                    category=spec.category,
                    is_referral=spec.is_referral,
                    partner_kind=spec.partner_kind,
                    position=10 * (index + 1),
                )
                for index, spec in enumerate(DEFAULT_KINDS)
                if spec.code not in have
            ]
        )
    kinds = {(kind.team_id, kind.code): kind for kind in ActionKind.objects.all()}
    situations = Situation.objects.exclude(recommendations=[]).exclude(recommendations__isnull=True)
    rows = []
    for situation in situations.iterator(chunk_size=500):
        codes = [code for code in dict.fromkeys(situation.recommendations or []) if isinstance(code, str)]
        if not codes:
            continue
        adhesion = (
            Event.objects.filter(situation_id=situation.pk, kind="adhesion")
            .order_by("occurred_on")
            .values_list("occurred_on", flat=True)
            .first()
        )
        for code in codes:
            kind = kinds.get((situation.team_id, code))
            if kind is None:  # a code outside the catalogue: kept as a team kind of its own
                kind = ActionKind.objects.create(
                    team_id=situation.team_id, code=code[:60], label=code, category="social", position=1000
                )
                kinds[(situation.team_id, code)] = kind
            rows.append(
                Action(
                    situation_id=situation.pk,
                    kind=kind,
                    proposed_on=adhesion or situation.received_on,
                    partner=kind.partner_kind if kind.is_referral else "",
                    source="migration",
                )
            )
    Action.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
