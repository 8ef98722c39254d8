"""The CSV downloads, byte for byte as they were before the JSON API got typed values (issue 18, item 7):
the JSON may change its types, the files people have scripts for must not. A deliberate change of the data
or of a CSV's format updates these files in the same commit (save the route's new answer over the file)."""

from __future__ import annotations

from pathlib import Path

import pytest

PINNED = Path(__file__).resolve().parent / "pinned"
DOWNLOADS = {
    "status_2025-12-31_EU.csv": "/download/status.csv?as_of=2025-12-31&bloc=EU",
    "status_2020-03-31_disagreements.csv": "/download/status.csv?as_of=2020-03-31&reading=disagreements",
    "changes_2019-12-31_2025-12-31_serbia.csv": "/download/changes.csv?from=2019-12-31&to=2025-12-31&reading=serbia",
    "layer_icj.csv": "/download/layer.csv?layer=icj",
    "organisations_2019-01-01.csv": "/download/organisations.csv?as_of=2019-01-01",
}


@pytest.mark.parametrize("name", list(DOWNLOADS))
def test_the_csv_is_byte_for_byte_as_pinned(client, name):
    response = client.get(DOWNLOADS[name])
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data == (PINNED / name).read_bytes()
