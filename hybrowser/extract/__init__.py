"""Bulletin text → proposed facts: plain Python, no Qt (segment, spot figures, attribute, write)."""
