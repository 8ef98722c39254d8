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
