"""Starting lists shipped with Prevex, per département (a team edits its own copy)."""

from pathlib import Path

from prevex.intake.models import SocialLandlord

DATA = Path(__file__).parent / "data"


def default_social_landlords(departement: str) -> list[str]:
    path = DATA / f"social_landlords_{departement}.txt"
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def load_default_social_landlords(team) -> int:
    """Add the shipped names the team does not have yet; returns how many were added."""
    have = set(team.social_landlords.values_list("search_name", flat=True))
    added = 0
    for name in default_social_landlords(team.departement):
        landlord = SocialLandlord(team=team, name=name)
        landlord.search_name = SocialLandlord.normalized(name)
        if landlord.search_name not in have:
            landlord.save()
            have.add(landlord.search_name)
            added += 1
    return added
