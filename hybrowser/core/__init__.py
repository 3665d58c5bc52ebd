"""Plain-Python helpers: formatting of figures, export, citations, geometry. No Qt."""
