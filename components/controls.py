"""The controls: the date bar under the map (Play, the live date, the slider, a typed date), the reading,
blocs and the searchable country list; and the page URL that restores them.

The slider is the one place the date lives while it moves: assets/atlas.js watches it, repaints the
map on every step and, once the date settles, writes the settled date to the as-of store that
every other part of the page follows."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs

from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from common import i18n
from common.context import AppContext, day_index
from common.i18n import gettext as _
from common.i18n import ngettext
from common.queries import page_request
from components import ids
from components.beyond import asked_layer
from recognition.map_data import count_sentence
from recognition.params import DISAGREEMENTS, View, status_reading
from recognition.readings import READINGS
from recognition.timeline import count_on
from recognition.words import N_

READING_LABELS = {**{key: r.label for key, r in READINGS.items()}, DISAGREEMENTS: N_("Disagreements only")}
# Play runs from 17 February 2008 to today in this many seconds.
PLAY_SPEEDS = ((15, N_("Fast (15 s)")), (30, N_("Normal (30 s)")), (60, N_("Slow (60 s)")))
DEFAULT_PLAY_SECONDS = 30
# The tooltip shows the date (assets/atlas.js dayToDate), under the thumb: above it are the date and Go to date.
SLIDER_TOOLTIP = {"placement": "bottom", "always_visible": False, "transform": "dayToDate"}


def _year_marks(today: date) -> dict[int, str]:
    return {day_index(date(year, 1, 1)): str(year) for year in range(2009, today.year + 1)}


def date_bar(ctx: AppContext, view: View) -> html.Div:
    today = ctx.today()
    count = count_sentence(_count(ctx, view), ctx.say())
    return html.Div(className="date-bar", children=[
        html.Div(className="date-row", children=[
            html.Button(_("Play"), id=ids.PLAY, className="play", type="button", **{"aria-pressed": "false"}),
            html.Label(_("Speed"), htmlFor=ids.PLAY_SPEED, className="play-speed-label"),
            html.Select(id=ids.PLAY_SPEED, className="play-speed",
                        children=[html.Option(_(label), value=str(seconds), selected=seconds == DEFAULT_PLAY_SECONDS)
                                  for seconds, label in PLAY_SPEEDS]),
            html.Output(f"{i18n.long_date(view.as_of)} · {count}", id=ids.DATE_LABEL, className="date-label",
                        htmlFor=ids.DATE_SLIDER, **{"aria-live": "off"}),
            html.Div(className="date-typed", children=[
                html.Label(_("Go to date"), htmlFor=ids.DATE_INPUT),
                # A text box, not type="date": dcc.Input moves the caret after each update, which a
                # date input refuses with a console error. Enter or leaving the box applies the date.
                dcc.Input(id=ids.DATE_INPUT, type="text", value=view.as_of.isoformat(), debounce=True,
                          placeholder=_("YYYY-MM-DD"), maxLength=10, size=10, className="date-input"),
                html.Span(id=ids.DATE_ERROR, className="date-error", role="status", **{"aria-live": "polite"}),
            ]),
        ]),
        # The slider's thumb is named by the visible "Date" beside it (assets/a11y.js, data-thumb-labelledby).
        # ... and described by what its keys do (assets/atlas.js moves it a month or a year on Page Up/Down).
        html.Div(className="slider", **{"data-thumb-labelledby": ids.DATE_SLIDER_LABEL,
                                        "data-thumb-describedby": ids.DATE_SLIDER_HELP}, children=[
            html.Span(_("Date"), id=ids.DATE_SLIDER_LABEL, className="slider-label"),
            html.Span(_("Arrow keys move a day, Page Up and Page Down a month, with Shift a year; Home and End go "
                        "to the first and the last day."), id=ids.DATE_SLIDER_HELP, className="visually-hidden"),
            dcc.Slider(
                id=ids.DATE_SLIDER, min=0, max=day_index(today), step=1, value=day_index(view.as_of),
                marks=_year_marks(today), updatemode="mouseup", included=True, allow_direct_input=False,
                # The tooltip shows the date, not the day number (assets/atlas.js).
                tooltip=SLIDER_TOOLTIP),
        ]),
    ])


def _count(ctx: AppContext, view: View) -> int:
    reading = status_reading(view.reading)
    return count_on(ctx.series[reading], view.as_of)


# The dropdown's own words (Dash 4's dcc.Dropdown `labels`); English by default in every language.
DROPDOWN_WORDS = {"search": N_("Search a country…"), "clear_search": N_("Clear the search"),
                  "clear_selection": N_("Clear selection"), "no_options_found": N_("No state found"),
                  "select_all": N_("Select all"), "deselect_all": N_("Deselect all"),
                  "selected_count": N_("{num_selected} selected")}


def layout(ctx: AppContext, view: View) -> html.Section:
    atlas = ctx.atlas
    names = ctx.names()
    countries = i18n.alphabetical({c: names[c] for c in atlas.actors + ["XKX"]})
    return html.Section(className="controls", **{"aria-label": _("View")}, children=[
        html.Div(className="country-search", children=[
            html.Label(_("Country"), htmlFor=ids.COUNTRY_SEARCH),
            dcc.Dropdown(id=ids.COUNTRY_SEARCH, value=view.country, placeholder=_("Search a country…"),
                         options=[{"label": names[c], "value": c} for c in countries], clearable=True,
                         labels={key: _(text) for key, text in DROPDOWN_WORDS.items()}),
        ]),
        html.Fieldset(className="reading", children=[
            html.Legend(_("Reading")),
            dcc.RadioItems(id=ids.READING, options=[{"label": _(label), "value": key}
                                                    for key, label in READING_LABELS.items()],
                           value=view.reading, inline=False),
        ]),
        # Folded by default: eleven checkboxes are eleven Tab stops between the reading and the rest of the page.
        html.Details(id=ids.BLOC_DRAWER, className="bloc-drawer", children=[
            html.Summary([_("Compare blocs"), html.Span(bloc_count(view.blocs), id=ids.BLOC_COUNT,
                                                        className="bloc-count")]),
            html.Fieldset(className="blocs", children=[
                html.Legend(_("Show the members of"), className="visually-hidden"),
                dcc.Checklist(id=ids.BLOCS, value=list(view.blocs),
                              options=[{"label": _(atlas.bloc_names[b]), "value": b} for b in ctx.bloc_keys]),
            ]),
        ]),
        dcc.Store(id=ids.AS_OF, data=view.as_of.isoformat()),
        dcc.Store(id=ids.SELECTED, data=view.country),
    ])


def bloc_count(blocs) -> str:
    return " " + (ngettext("(%(num)s chosen)", "(%(num)s chosen)", len(blocs)) if blocs else _("(none chosen)"))


def chosen_country(ctx: AppContext, searched) -> str | None:
    """The state chosen in the country list (the map's clicks set its value too, assets/map.js, so this is the
    one way in); no update for a value that is no state (components/settled.py)."""
    if searched is None:
        return None
    if not isinstance(searched, str) or searched not in ctx.selectable:
        raise PreventUpdate
    return searched


def register(app, ctx: AppContext) -> None:
    # A typed date moves the slider (and so the map); a refused one says why beside the box.
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="typedDate"),
        Output(ids.DATE_SLIDER, "value"), Output(ids.DATE_ERROR, "children"),
        Input(ids.DATE_INPUT, "value"), State(ids.DATE_SLIDER, "min"), State(ids.DATE_SLIDER, "max"),
        State(ids.MAP_DATA, "data"), prevent_initial_call=True,
    )
    # The box shows the settled date.
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="showSettled"),
        Output(ids.DATE_INPUT, "value"), Input(ids.AS_OF, "data"), prevent_initial_call=True,
    )

    restored = (Output(ids.DATE_SLIDER, "value", allow_duplicate=True), Output(ids.READING, "value"),
                Output(ids.BLOCS, "value"), Output(ids.COUNTRY_SEARCH, "value"), Output(ids.COMPARE_ON, "value"),
                Output(ids.COMPARE_FROM, "value"), Output(ids.LAYER, "value"))

    @app.callback(*restored, Input(ids.URL, "search"),
                  *(State(output.component_id, output.component_property) for output in restored),
                  prevent_initial_call="initial_duplicate")
    def restore_view(search, *shown):
        """Opening a shared link restores its view; invalid values fall back to the defaults. A compare
        link (`from`, `to`) restores the comparison, `to` being the as-of date (the slider's, settled as any
        other: assets/atlas.js). What the page shows already stays as it is: a plain visit changes nothing, so
        nothing follows."""
        if not isinstance(search, str) or len(search) > 2000:
            raise PreventUpdate
        params = parse_qs(search.lstrip("?"))
        asked = page_request(ctx, params)
        view, first = asked.view, asked.compare_from
        values = (day_index(view.as_of), view.reading, list(view.blocs), view.country,
                  ["on"] if first else [], first.isoformat() if first else no_update, asked_layer(params))
        changed = [no_update if value == now else value for value, now in zip(values, shown)]
        if all(value is no_update for value in changed):
            raise PreventUpdate
        return changed

    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="writeUrl"),
        Output(ids.URL_SINK, "data"),
        Input(ids.AS_OF, "data"), Input(ids.BLOCS, "value"), Input(ids.READING, "value"), Input(ids.SELECTED, "data"),
        Input(ids.COMPARE_CODES, "data"), Input(ids.LAYER, "value"), State(ids.MAP_DATA, "data"),
    )
