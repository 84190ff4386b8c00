"""The domain: the ladder's rungs, templates and days as plain data, the changes a user makes
to a day, time on tasks, and dates. Pure Python: no files, no YAML, no Textual."""
