"""Answers computed once: the per-worker cache of finished data answers (web/answers.py) builds each answer
once per tag, keeps only 200s, and holds no more bytes than its bound, dropping the least recently used."""

from __future__ import annotations

from flask import Flask, Response

from web.answers import ENTRY_OVERHEAD_BYTES, AnswerCache


def counting_builder(body: bytes, status: int = 200):
    calls = []

    def build() -> Response:
        calls.append(1)
        return Response(body, status=status, mimetype="application/json", headers={"ETag": '"x"'})

    return build, calls


def test_an_answer_is_built_once_and_each_caller_gets_its_own_response():
    cache = AnswerCache()
    build, calls = counting_builder(b'{"a": 1}')
    with Flask(__name__).app_context():
        first, second = cache.response("tag", build), cache.response("tag", build)
    assert len(calls) == 1
    assert first.get_data() == second.get_data() == b'{"a": 1}' and first.mimetype == "application/json"
    first.headers["X-Changed"] = "only here"
    assert "X-Changed" not in second.headers


def test_only_a_200_is_kept():
    cache = AnswerCache()
    build, calls = counting_builder(b"no", status=404)
    with Flask(__name__).app_context():
        assert cache.response("tag", build).status_code == 404
        cache.response("tag", build)
    assert len(calls) == 2 and len(cache) == 0


def test_the_cache_holds_no_more_than_its_bound_and_drops_the_least_recently_used():
    body = b"x" * 1000
    cache = AnswerCache(max_bytes=3 * (len(body) + ENTRY_OVERHEAD_BYTES))
    builders = {key: counting_builder(body) for key in "abcd"}
    with Flask(__name__).app_context():
        for key in "abc":
            cache.response(key, builders[key][0])
        cache.response("a", builders["a"][0])  # "a" used again: "b" is now the least recently used
        cache.response("d", builders["d"][0])
        assert cache.bytes <= cache.max_bytes and len(cache) == 3
        for key in "acd":
            cache.response(key, builders[key][0])
        cache.response("b", builders["b"][0])
    assert [len(builders[key][1]) for key in "abcd"] == [1, 2, 1, 1]


def test_the_changes_between_two_dates_are_computed_once_per_data_version_and_dates(client, monkeypatch):
    import web.api
    calls = []
    real = web.api.changes_between
    monkeypatch.setattr(web.api, "changes_between", lambda *args: calls.append(args) or real(*args))
    query = "/api/v1/changes.json?from=2011-03-04&to=2013-05-06&reading=kosovo"
    first, again = client.get(query), client.get(query)
    assert first.status_code == again.status_code == 200 and first.data == again.data
    assert len(calls) == 1
    assert client.get(query.replace("2013-05-06", "2013-05-07")).status_code == 200 and len(calls) == 2
