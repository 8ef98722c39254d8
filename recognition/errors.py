"""The one error a bad data file raises: it names the file, the row and the column."""

from __future__ import annotations


class DataError(ValueError):
    """A data file broke a rule. `row` is the line number in the file (the header is line 1)."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.file, self.row, self.column, self.message = file, row, column, message
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")
