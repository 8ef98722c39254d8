"""Colours of the map classes: Okabe-Ito, distinguishable with the common colour-vision deficiencies."""

CLASS_COLOURS = {
    "does_not_recognise": "#CC79A7",  # reddish purple
    "recognises": "#0072B2",          # blue
    "withdrew": "#E69F00",            # orange
    "kosovo": "#009E73",              # bluish green
    "no_data": "#D9D9D9",             # light grey
}
BORDER = "#FFFFFF"
READING_STYLES = {
    "independent": {"color": "#0072B2", "dash": "solid"},
    "kosovo": {"color": "#009E73", "dash": "dash"},
    "serbia": {"color": "#D55E00", "dash": "dot"},
}
# Compare mode: what changed between two dates.
COMPARE_COLOURS = {
    "gained": "#0072B2",     # blue: recognises now
    "lost": "#D55E00",       # vermillion: recognised, no longer
    "other": "#E69F00",      # orange: another change
    "unchanged": "#E4E7EB",  # pale grey
    "kosovo": CLASS_COLOURS["kosovo"],
    "no_data": CLASS_COLOURS["no_data"],
}
