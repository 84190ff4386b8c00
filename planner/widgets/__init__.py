"""Widgets of the planner app: they render what they are given and post messages up."""
