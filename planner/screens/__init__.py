"""Screens of the planner app: each one owns its behaviour and talks to the session."""
