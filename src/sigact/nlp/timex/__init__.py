"""Temporal expressions (PLACEHOLDER: owned by the time work)."""
