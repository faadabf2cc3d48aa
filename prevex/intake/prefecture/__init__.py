"""The préfecture list pipeline: assignations in any préfecture's layout, mapped, decided, written, undone."""
