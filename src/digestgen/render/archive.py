"""The archive: every date by year and month, with a calendar heat map drawn as SVG."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from digestgen.catalog import Catalog
from digestgen.render import urls
from digestgen.render.text import MONTHS, WEEKDAYS, plural

CELL = 11
"""Side of one day's square, in SVG units."""
GAP = 2
LEFT = 28
"""Room for weekday labels."""
TOP = 16
"""Room for month labels."""
LEVELS = 4
"""Shades of the heat map, besides "no papers"."""


@dataclass(frozen=True, slots=True)
class DayLink:
    """One date in the archive's month lists."""

    day: int
    href: str
    count: int
    label: str
    month: str
    """The month's name, for screen readers."""


@dataclass(frozen=True, slots=True)
class MonthView:
    """A month with its dates."""

    name: str
    anchor: str
    count: int
    days: tuple[DayLink, ...]


@dataclass(frozen=True, slots=True)
class YearView:
    """A year: its heat map and its months, newest first."""

    year: int
    count: int
    heatmap: Markup
    calendar_label: str
    """What the heat map shows, for screen readers (the picture itself is hidden from them)."""
    months: tuple[MonthView, ...]


def archive_years(catalog: Catalog, linker: urls.Linker) -> tuple[YearView, ...]:
    """Every year with papers, newest first."""
    counts = {date: len(catalog.by_date[date]) for date in catalog.dates}
    top = max(counts.values(), default=1)
    years: dict[int, list[dt.date]] = {}
    for date in reversed(catalog.dates):
        years.setdefault(date.year, []).append(date)
    return tuple(_year(catalog, year, dates, counts, top, linker) for year, dates in years.items())


def unique_papers(catalog: Catalog, dates: list[dt.date]) -> int:
    """Papers listed on any of ``dates``, each counted once."""
    return len({paper.slug for date in dates for paper in catalog.by_date[date]})


def _year(
    catalog: Catalog, year: int, dates: list[dt.date], counts: dict[dt.date, int], top: int, linker: urls.Linker
) -> YearView:
    months: dict[int, list[dt.date]] = {}
    for date in dates:
        months.setdefault(date.month, []).append(date)
    return YearView(
        year=year,
        count=unique_papers(catalog, dates),
        heatmap=heatmap(year, counts, top, lambda date: linker.href(urls.day(date))),
        calendar_label=calendar_label(year, len(dates)),
        months=tuple(_month(catalog, year, m, ds, counts, linker) for m, ds in months.items()),
    )


def _month(
    catalog: Catalog, year: int, month: int, dates: list[dt.date], counts: dict[dt.date, int], linker: urls.Linker
) -> MonthView:
    name = MONTHS[month - 1]
    days = tuple(
        DayLink(d.day, linker.href(urls.day(d)), counts[d], f"{d.day} {name}: {plural(counts[d], 'paper')}", name)
        for d in reversed(dates)
    )
    return MonthView(f"{name} {year}", f"m{year}-{month:02d}", unique_papers(catalog, dates), days)


def calendar_label(year: int, days_listed: int) -> str:
    """``Papers listed per day in 2024, on 12 days``: ``days_listed``, the year's dates with a digest."""
    return f"Papers listed per day in {year}, on {plural(days_listed, 'day')}"


def level(count: int, top: int) -> int:
    """Shade 0 (no papers) to ``LEVELS`` (the busiest day)."""
    if count <= 0:
        return 0
    return max(1, min(LEVELS, -(-count * LEVELS // max(top, 1))))


def heatmap(year: int, counts: dict[dt.date, int], top: int, day_href: Callable[[dt.date], str]) -> Markup:
    """A year as weeks (columns, Monday first) of days (rows), shaded by papers per day.

    A day with papers links to its page (``day_href``) for a pointer or a finger. The picture
    is hidden from screen readers and its links are out of the tab order: the month lists
    below have the same links, and its figure is labelled (``calendar_label``).
    """
    first = dt.date(year, 1, 1)
    start = first - dt.timedelta(days=first.weekday())
    days = (dt.date(year, 12, 31) - first).days + 1
    cells: list[str] = []
    for offset in range(days):
        date = first + dt.timedelta(days=offset)
        cells.append(_cell(date, (date - start).days, counts.get(date, 0), top, day_href))
    weeks = (dt.date(year, 12, 31) - start).days // 7 + 1
    width, height = LEFT + weeks * (CELL + GAP), TOP + 7 * (CELL + GAP)
    svg = (
        f'<svg class="heat" viewBox="0 0 {width} {height}" aria-hidden="true">'
        f"{_labels(year, start)}{''.join(cells)}</svg>"
    )
    return Markup(svg)  # built from numbers, fixed words and escaped links only


def _cell(date: dt.date, index: int, count: int, top: int, day_href: Callable[[dt.date], str]) -> str:
    x, y = LEFT + (index // 7) * (CELL + GAP), TOP + (index % 7) * (CELL + GAP)
    shade = level(count, top)
    rect = f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" class="h{shade}"'
    if not count:
        return rect + "/>"
    title = f"<title>{date.isoformat()}: {plural(count, 'paper')}</title>"
    return f'<a href="{escape(day_href(date))}" tabindex="-1">{rect}>{title}</rect></a>'


def _labels(year: int, start: dt.date) -> str:
    parts = []
    for month in range(1, 13):
        column = (dt.date(year, month, 1) - start).days // 7
        parts.append(f'<text x="{LEFT + column * (CELL + GAP)}" y="10">{MONTHS[month - 1][:3]}</text>')
    for row in (0, 2, 4):
        parts.append(f'<text x="0" y="{TOP + row * (CELL + GAP) + 9}">{WEEKDAYS[row][:3]}</text>')
    return "".join(parts)
