"""List-page helpers: pagination."""

from __future__ import annotations

from digestgen.render.listing import page_count, pager


def _href(n: int) -> str:
    return f"/list/{n}/"


def test_one_page_has_no_pager() -> None:
    assert pager(1, 1, _href) is None
    assert page_count(0, 30) == 1


def test_pager_shows_the_ends_and_a_window_with_gaps() -> None:
    view = pager(20, 10, _href)
    assert view is not None
    shown = [n if n is None else n[0] for n in view.numbers]
    assert shown == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert (view.prev_href, view.next_href) == ("/list/9/", "/list/11/")


def test_pager_near_the_start_has_no_gap_before_the_window() -> None:
    view = pager(6, 2, _href)
    assert view is not None
    assert [n if n is None else n[0] for n in view.numbers] == [1, 2, 3, 4, None, 6]
    assert view.numbers[0] == (1, "/list/1/")


def test_pager_work_does_not_grow_with_the_number_of_pages() -> None:
    made: list[int] = []

    def counting(n: int) -> str:
        made.append(n)
        return _href(n)

    pager(100_000, 50_000, counting)
    assert len(made) <= 9  # ends, window and neighbours: not one link per page
