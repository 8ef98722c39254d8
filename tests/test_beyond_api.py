"""The routes beyond recognition through a real HTTP client: organisations, layers, milestones, the feed."""

from __future__ import annotations

import io

import feedparser
import pandas as pd
import pytest

from app import create_app


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def test_organisations_json_as_of_2019(client):
    answer = client.get("/api/v1/organisations.json?as_of=2019-01-01").get_json()
    assert {"IMF", "WB", "EBRD", "WCO", "IOC", "UEFA", "FIFA"} <= {m["org"] for m in answer["members"]}
    dubai = next(a for a in answer["acts"] if a["org"] == "INTERPOL" and a["date"] == "2018-11-20")
    assert (dubai["outcome"], dubai["votes_for"], dubai["votes_against"], dubai["votes_abstaining"],
            dubai["status_on_day"]) == ("rejected", 68, 51, 16, "bid_failed")
    assert [a["date"] for a in answer["acts"]] == sorted(a["date"] for a in answer["acts"])
    csv = pd.read_csv(io.BytesIO(client.get("/download/organisations.csv?as_of=2019-01-01").data), dtype=str,
                      keep_default_na=False)
    assert len(csv) == len(answer["acts"]) and list(csv["org"]) == [a["org"] for a in answer["acts"]]


@pytest.mark.parametrize("layer", ["ga_vote_2008", "icj", "passports"])
def test_layer_json_counts_equal_its_rows_and_csv(client, layer):
    answer = client.get(f"/api/v1/layer.json?layer={layer}").get_json()
    rows = pd.DataFrame(answer["rows"])
    counted = {name: c["un"] + c["other"] for name, c in answer["meta"]["counts"].items()}
    for name, number in rows["class"].value_counts().items():
        assert counted[name] == number, (layer, name)
    csv = pd.read_csv(io.BytesIO(client.get(f"/download/layer.csv?layer={layer}").data), dtype=str,
                      keep_default_na=False)
    assert list(csv["iso3"]) == list(rows["iso3"]) and list(csv["class"]) == list(rows["class"])


def test_the_vote_layer_totals(client):
    counts = client.get("/api/v1/layer.json?layer=ga_vote_2008").get_json()["meta"]["counts"]
    assert [counts[k]["un"] for k in ("yes", "no", "abstain", "absent")] == [77, 6, 74, 35]


def test_bad_parameters(client):
    assert client.get("/api/v1/layer.json?layer=recognition").status_code == 400
    assert "error" in client.get("/api/v1/organisations.json?as_of=2019-02-30").get_json()
    assert client.get("/download/organisations.csv?as_of=2001-01-01").status_code == 400


def test_milestones_in_the_feed_and_json(client):
    milestones = client.get("/api/v1/milestones.json").get_json()["milestones"]
    feed = feedparser.parse(client.get("/feed.atom").data)
    ids = {e.id for e in feed.entries}
    assert all(f"tag:kosovo-recognition-atlas,2008-02-17:milestone/{m['key']}" in ids for m in milestones)
    opinion = next(e for e in feed.entries if e.id.endswith("milestone/icj_opinion"))
    assert "10 votes to 4" in opinion.content[0].value and "Source:" in opinion.content[0].value
