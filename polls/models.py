"""Audience interpretation polls (see issue: polls)."""
