"""Finished answers of the read-only data routes, kept in each worker so that each is computed once.

Every such answer is a function of the data version and the normalised parameters, which is exactly
what its ETag digests (web.http_cache.etag_for): the tag is the key. A new data version is a new
process (README, "Publishing new data"), so no entry is ever stale. The cache is bounded by the bytes
it holds and forgets the least recently used answer first."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response

# Per worker. A changes.json over the whole timeline is ~70 KB, a status table ~60 KB: hundreds of answers.
MAX_BYTES = 32 * 2**20
ENTRY_OVERHEAD_BYTES = 1024  # headers and bookkeeping, so that many small answers are bounded too


@dataclass(frozen=True)
class Answer:
    body: bytes
    status: int
    headers: tuple[tuple[str, str], ...]

    @property
    def size(self) -> int:
        return len(self.body) + ENTRY_OVERHEAD_BYTES


class AnswerCache:
    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # the development server answers in threads

    def response(self, key: str, build: Callable[[], Response]) -> Response:
        """A fresh response of the answer stored under `key`, built (and stored, if it is a 200) on a miss.
        Each call gets its own Response: later steps (compression, headers) change it in place."""
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
        if answer is None:
            built = build()
            answer = Answer(built.get_data(), built.status_code, tuple(built.headers.items()))
            if built.status_code == 200:
                self._store(key, answer)
        return Response(answer.body, status=answer.status, headers=list(answer.headers))

    def _store(self, key: str, answer: Answer) -> None:
        if answer.size > self.max_bytes:
            return
        with self._lock:
            previous = self._answers.pop(key, None)
            self._bytes -= previous.size if previous else 0
            self._answers[key] = answer
            self._bytes += answer.size
            while self._bytes > self.max_bytes:
                _, oldest = self._answers.popitem(last=False)
                self._bytes -= oldest.size

    def __len__(self) -> int:
        return len(self._answers)

    @property
    def bytes(self) -> int:
        return self._bytes
