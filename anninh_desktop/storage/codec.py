"""Conversions between domain values and the text SQLite stores."""

from __future__ import annotations

from datetime import date, datetime


def date_to_text(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def text_to_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def datetime_to_text(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def text_to_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
