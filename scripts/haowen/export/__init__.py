"""Files made from the catalogue for others: public JSON, Markdown list, Atom feed, JSON Schemas and the issue form."""
