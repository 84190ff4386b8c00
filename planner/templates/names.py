"""What templates are called: slugs for file names and task ids, and when two names in the
settings mean the same template. Plain text functions: no files, no YAML."""

from __future__ import annotations

import re
import unicodedata

SLUG_LENGTH = 48


def slugify(text: str, max_length: int = SLUG_LENGTH) -> str:
    """Lowercase ASCII words joined by '-': "Prospects' posts!" -> "prospects-posts"."""
    text = re.sub(r"['\u2019]", "", text)  # "don't" -> "dont", not "don-t"
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def template_slug(path_or_name: str) -> str:
    """A template's short name: "examples/Daily Hour.yaml" -> "daily-hour"."""
    name = path_or_name.replace("\\", "/").rsplit("/", 1)[-1]
    for suffix in (".yaml", ".yml"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return slugify(name) or "template"


def same_template(a: str | None, b: str | None) -> bool:
    """Whether two names (as in the settings) name the same template."""
    return a is not None and b is not None and template_slug(a) == template_slug(b)
