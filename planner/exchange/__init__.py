"""Days in and out of planner: exports (Markdown, CSV, JSON, iCalendar) and ``planner import``
of a JSON export, by record."""
