"""Suggesting a category and tags for a new link (today: keyword rules from the taxonomy and tag vocabulary)."""
