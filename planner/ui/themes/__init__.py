"""Colour themes: YAML theme files read into checked Textual ``Theme`` objects, their
compiled cache, and the rung colours derived for themes that do not set them."""
