"""Templates: YAML files read into checked ``Template`` objects (every problem with its line and
column), where they live and what a user does to them as files, the weekday schedule, the
compiled cache of last good versions, the JSON Schema for editors, and drift (how a
template's tasks fared over the last days)."""
