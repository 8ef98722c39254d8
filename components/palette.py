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
# The selected state: a dark dashed line on a white halo, drawn on its main shape only. Unlike the solid
# black outline of a disputed withdrawal, it reads as "chosen", not as a status.
SELECTION = {"halo": "#FFFFFF", "haloWidth": 5, "stroke": "#1D2430", "width": 2, "dash": "5 3"}
# Compare mode: what changed between two dates.
COMPARE_COLOURS = {
    "gained": "#0072B2",     # blue: recognises now
    "lost": "#D55E00",       # vermillion: recognised, no longer
    "other": "#E69F00",      # orange: another change
    "unchanged": "#E4E7EB",  # pale grey
    "kosovo": CLASS_COLOURS["kosovo"],
    "no_data": CLASS_COLOURS["no_data"],
}


def _luminance(colour: str) -> float:
    """Relative luminance of #RRGGBB (WCAG 2.x)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on the background."""
    return max(("#000000", "#FFFFFF"), key=lambda text: contrast(text, background))
