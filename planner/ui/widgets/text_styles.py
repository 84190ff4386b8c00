"""Text styles shared by the widgets and screens that build ``Content`` by hand.

Textual 8.2.8 draws ``$text-muted`` and ``$text-disabled`` ("auto 60%", "auto 38%") at
full strength inside Content styles and markup, so muted text is spelled with an explicit
alpha of the foreground instead.
"""

MUTED = "$foreground 60%"
FAINT = "$foreground 40%"
