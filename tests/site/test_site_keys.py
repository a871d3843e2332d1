"""Page keys hash values: equal values give equal bytes, any changed field gives other bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup
from site_helpers import SITE_DIGESTS

from digestgen.catalog import build_catalog
from digestgen.records.loader import load_digest_file, load_digests
from digestgen.records.model import Digest, Origin, Paper
from digestgen.render import make_config, site, urls
from digestgen.render.keys import PageKeys, PaperKeys, page_key, page_keys, value_bytes
from digestgen.render.theme import Theme
from digestgen.runtime.sink import MemorySink

PAPER = Paper(
    title="A title",
    title_zh="标题",
    authors=("A. One", "B. Two"),
    affiliations=("Lab",),
    arxiv="2306.01667",
    url="https://example.org/p",
    code="https://github.com/x/y",
    links=("https://example.org/more",),
    subjects=("cs.CV",),
    abstract="Text.",
    abstract_zh="文本。",
    tags=("t",),
    note="*n*",
    origin=Origin("d.yaml", 3, 5),
)


def _other(value: Any) -> Any:
    if isinstance(value, tuple):
        return (*value, "x")
    if isinstance(value, Origin):
        return dataclasses.replace(value, line=value.line + 1)
    return f"{value}x"


def test_equal_values_made_apart_give_equal_bytes() -> None:
    copy = Paper(**{f.name: _rebuilt(getattr(PAPER, f.name)) for f in dataclasses.fields(Paper)})
    assert copy is not PAPER
    assert value_bytes(copy) == value_bytes(PAPER)
    assert value_bytes((PAPER, PAPER)) == value_bytes((PAPER, copy))  # shared or not: the same


def _rebuilt(value: Any) -> Any:
    if isinstance(value, str):
        return "".join(list(value))  # a new string object of the same text
    if isinstance(value, tuple):
        return tuple(_rebuilt(v) for v in value)
    return dataclasses.replace(value) if isinstance(value, Origin) else value


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Paper)])
def test_every_field_of_a_record_changes_its_bytes(name: str) -> None:
    changed = dataclasses.replace(PAPER, **{name: _other(getattr(PAPER, name))})
    assert value_bytes(changed) != value_bytes(PAPER)


@dataclasses.dataclass
class _Open:
    """A dataclass without slots: its objects can hold more than their fields."""

    name: str


def test_state_beyond_the_fields_is_written_too() -> None:
    first, second = _Open("n"), _Open("n")
    second.extra = "more"  # type: ignore[attr-defined]
    assert value_bytes(first) != value_bytes(second)


def test_other_values_pickle_as_without_the_table() -> None:
    values = [Markup("<b>x</b>"), dt.date(2024, 3, 14), Paper, {"k": [1, 2.5, None]}, frozenset({"a"})]
    assert value_bytes(values) == value_bytes(list(values))
    assert value_bytes(Markup("a")) != value_bytes("a")


def test_markup_is_written_as_its_class_and_text() -> None:
    # Stand-ins for cards are Markup: written by a reducer of their own, they still name their class.
    back = pickle.loads(value_bytes(Markup("<card 12>")))
    assert (type(back), back) == (Markup, Markup("<card 12>"))
    assert value_bytes(Markup("a")) != value_bytes(Markup("b"))


def _paper_keys(folder: Path) -> dict[str, str]:
    loaded = load_digests(folder)
    assert loaded.ok
    catalog = build_catalog(loaded.digests)
    keys = PaperKeys(catalog)
    return {paper.slug: keys[paper.slug] for paper in catalog.papers}


def test_an_edit_changes_the_keys_of_its_digests_papers_only(tmp_path: Path) -> None:
    shutil.copytree(SITE_DIGESTS, tmp_path / "digests")
    before = _paper_keys(tmp_path / "digests")
    edited = tmp_path / "digests" / "2023" / "2023-12-29-year-end.yaml"
    in_edited = {p.slug for p in build_catalog([load_digest_file(edited)[0]]).papers}  # type: ignore[list-item]
    edited.write_text(edited.read_text().replace("The strong coupling", "The strong-coupling"))
    after = _paper_keys(tmp_path / "digests")
    assert after.keys() == before.keys() and in_edited
    changed = {slug for slug in after if after[slug] != before[slug]}
    assert changed == in_edited  # the papers it lists (here listed nowhere else)
    assert _paper_keys(tmp_path / "digests") == after  # the same bytes, the same keys


def test_papers_built_in_memory_are_keyed_by_their_records() -> None:
    first = build_catalog([Digest(dt.date(2024, 3, 14), papers=(PAPER,))])
    second = build_catalog([Digest(dt.date(2024, 3, 14), papers=(dataclasses.replace(PAPER, abstract="Other."),))])
    [paper] = first.papers
    assert PaperKeys(first)[paper.slug] != PaperKeys(second)[paper.slug]


def test_page_keys_make_no_paper_views() -> None:
    # The worker that makes the keys renders only some paper pages: a view made for a key
    # (a day page's description names its first papers) would be made twice.
    loaded = load_digests(SITE_DIGESTS)
    catalog = build_catalog(loaded.digests)
    run = site._Run.start(MemorySink(), catalog, make_config("/"), Theme(None), None, keyed=True, forks=False)
    keys = page_keys(run.pages, run.plan, run.site_key)
    assert len(keys) == len(run.pages) and len(run.views) == 0


def test_keys_made_from_rendered_pages_are_the_stand_in_plans_keys() -> None:
    # A first build keys each list page from the context it rendered it from; a rebuild
    # keys it from a spec made under the stand-in plan. Any difference would render every
    # list page again on a rebuild with nothing changed.
    catalog = build_catalog(load_digests(SITE_DIGESTS).digests)
    run = site._Run.start(MemorySink(), catalog, make_config("/"), Theme(None), None, keyed=True, forks=False)
    expected = page_keys(run.pages, run.plan, run.site_key)
    run.views.make_all()
    run.cards.make_all()
    keys = PageKeys(run.plan, run.site_key)
    site._render_pages(MemorySink(), run.theme, run.site, run.plan, run.pages, keys)
    list_pages = {urls.output_file(page.path) for page in run.pages if page.source is None}
    assert keys.found.keys() == list_pages and run.plan.fragments.items  # home pages used items
    assert keys.of(run.pages) == expected
    # The rendered contexts held the cards themselves: written as their text, the key would differ.
    day = next(page for page in run.pages if page.template == "day.html")
    context = day.make(run.plan).context
    assert page_key(run.site_key, day.template, context) != expected[urls.output_file(day.path)]
