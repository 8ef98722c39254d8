"""The visible parts of the dashboard; each module owns its layout and its callbacks."""
