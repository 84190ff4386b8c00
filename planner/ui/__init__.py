"""The Textual app: ``PlannerApp``, its screens and widgets, the command palette, themes and
styles. The only package that imports Textual or Rich; widgets take plain data and never
touch the store or the session."""
