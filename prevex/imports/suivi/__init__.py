"""The tracking-sheet pipeline (`tableau de suivi`): a team's history brought into Prevex, row by row."""
