"""Qt (PySide6) user-interface layer of hybrowser."""
