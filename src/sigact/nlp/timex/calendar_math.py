"""Calendar arithmetic on ``datetime.date`` and the TIMEX3 / EVENT_RECORD value formats."""
from __future__ import annotations

import calendar
from datetime import date, timedelta

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:      # 29 February
        return d.replace(year=d.year + n, day=28)


def shift(d: date, n: float, unit: str) -> date:
    """``d`` moved by ``n`` units (D, W, M, Y, DE, CE, Q, H…); sub-day units round to days."""
    if unit == "D":
        return d + timedelta(days=round(n))
    if unit == "W":
        return d + timedelta(days=round(7 * n))
    if unit == "W2":
        return d + timedelta(days=round(14 * n))
    if unit == "M":
        return add_months(d, round(n))
    if unit == "Q":
        return add_months(d, round(3 * n))
    if unit == "Y":
        return add_years(d, round(n)) if n == int(n) else add_months(d, round(12 * n))
    if unit == "DE":
        return add_years(d, round(10 * n))
    if unit == "CE":
        return add_years(d, round(100 * n))
    return d


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def month_value(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def quarter_interval(year: int, q: int) -> str:
    return f"{year:04d}-{3 * q - 2:02d}/{year:04d}-{3 * q:02d}"


def season_interval(year: int, code: str) -> str:
    a, b = SEASON_MONTHS[code]
    if code == "WI":    # winter 2012 = December 2012 .. February 2013
        return f"{year:04d}-12/{year + 1:04d}-02"
    return f"{year:04d}-{a:02d}/{year:04d}-{b:02d}"


def season_of(d: date) -> tuple[int, str]:
    """(year, season code) containing ``d``; January/February belong to the previous winter."""
    m = d.month
    if m in (3, 4, 5):
        return d.year, "SP"
    if m in (6, 7, 8):
        return d.year, "SU"
    if m in (9, 10, 11):
        return d.year, "FA"
    return (d.year if m == 12 else d.year - 1), "WI"


def weekend_of_week(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday + timedelta(days=5), monday + timedelta(days=6)


def valid_day(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y if y > 0 else 2000, m)[1]
