"""Marks the core's user-facing words for translation without translating them here: the core stays
free of Flask and of any language; the Dash layer translates them with gettext when it shows them."""


def N_(message: str) -> str:  # noqa: N802 (the name gettext's tools look for)
    """`pybabel extract` collects the argument; the value is the English text itself."""
    return message
