"""One use of planner: the settings, the day's template and the stored days, working
together. The CLI and the app both go through a ``Session``, so a task marked done from the
shell and from the checklist take exactly the same path to the disk.

``planner.session.base.SessionBase`` reads days and templates and is the one way to
change a day; ``planner.session.work.Session`` adds what a user does to it.
"""
