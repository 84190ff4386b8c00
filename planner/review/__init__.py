"""The review: each stored day boiled down to a summary, years of them read through a cache,
and the figures built from them (streaks, heatmap, rungs, channels and their return, goals).
Reads day files, never writes them."""
