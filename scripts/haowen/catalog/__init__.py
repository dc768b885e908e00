"""The catalogue: its data model, loading the data files into it, URL rules, synonyms, the link-status file."""
