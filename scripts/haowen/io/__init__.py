"""Reading and writing data files: positioned YAML, bounded reads, locked atomic writes, problems with file:line:col."""
