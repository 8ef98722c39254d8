"""Readings: which of the recorded events a party counts.

The event log records every claim with who asserted it and who disputes it. A reading is a
policy over that log, not a second copy of the data:

- independent: what third-party sources (the seed's tables) count: recognitions, reported
  withdrawals, annulments and resumptions; Serbia's unconfirmed claims are left out.
- kosovo: Kosovo's foreign ministry also counts recognitions it announced that the state never
  confirmed, and does not count withdrawals it disputes.
- serbia: Serbia's foreign ministry also counts the withdrawals it claims, and does not count
  annulments or resumptions it disputes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from recognition.words import N_

STATUSES = ("does_not_recognise", "recognises", "withdrew")
DOES_NOT_RECOGNISE, RECOGNISES, WITHDREW = range(3)

# What each kind of event does to a state's status once a reading accepts it.
EVENT_EFFECT = {
    "recognition": RECOGNISES,
    "recognition_claimed": RECOGNISES,
    "recognition_resumed": RECOGNISES,
    "withdrawal_annulled": RECOGNISES,
    "withdrawal": WITHDREW,
    "withdrawal_claimed": WITHDREW,
    "recognition_denied": DOES_NOT_RECOGNISE,
    "claim_denied": None,  # a denial changes nobody's status; it is shown in the history
}

# Events of one day in causal order (data/README.md, "Order within a day"): first the acts and the claims,
# then what answers them (an annulment or a resumption answers a withdrawal, a denial a claim); within a
# kind the act itself before its announcement, a report or a confirmation; then the file's order.
DAY_ORDER = ("recognition", "recognition_claimed", "withdrawal", "withdrawal_claimed", "withdrawal_annulled",
             "recognition_resumed", "recognition_denied", "claim_denied")
DATE_KIND_ORDER = ("act", "announcement", "report", "confirmation")


def in_day_order(events: pd.DataFrame) -> pd.DataFrame:
    """`events` (rows of events.csv with their `_row`) by date, then in causal order within a day."""
    rank = {"_kind": events["event"].map(DAY_ORDER.index), "_said": events["date_kind"].map(DATE_KIND_ORDER.index)}
    return events.assign(**rank).sort_values(["date", "_kind", "_said", "_row"], kind="stable").drop(columns=list(rank))


_INDEPENDENT_KINDS = frozenset({"recognition", "recognition_denied", "withdrawal",
                                "withdrawal_annulled", "recognition_resumed"})


@dataclass(frozen=True)
class Reading:
    key: str
    label: str
    party: str | None  # the asserter whose disputes this reading honours
    kinds: frozenset[str]

    def accepts(self, event: str, disputed_by: str | None) -> bool:
        return event in self.kinds and (self.party is None or disputed_by != self.party)


READINGS: dict[str, Reading] = {
    reading.key: reading
    for reading in (
        Reading("independent", N_("Independent (third-party sources)"), None, _INDEPENDENT_KINDS),
        Reading("kosovo", N_("Kosovo's foreign ministry"), "kosovo_mfa", _INDEPENDENT_KINDS | {"recognition_claimed"}),
        Reading("serbia", N_("Serbia's foreign ministry"), "serbia_mfa", _INDEPENDENT_KINDS | {"withdrawal_claimed"}),
    )
}
DEFAULT_READING = "independent"
