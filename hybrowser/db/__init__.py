"""The data layer: read-only access to data.db. No Qt is imported here."""
