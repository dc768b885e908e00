"""Renderers for discovery: feed, statistics, finder, and the text helpers they share."""
