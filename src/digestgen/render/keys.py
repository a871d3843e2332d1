"""Keys of a page's inputs, so a rebuild renders only the pages whose inputs changed.

A page's bytes are a function of its template (and the templates it includes: the whole
theme), the site view every page sees, its own context, and digestgen's code. Its key
hashes all of these; two builds that give a page the same key give it the same bytes.
The context is hashed through ``pickle``, which writes every value it holds: a key can
only differ needlessly (a page rendered again for nothing), never match wrongly.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import operator
import pickle
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from markupsafe import Markup

from digestgen.catalog import Catalog, CatalogPaper, DigestEntry
from digestgen.render import urls
from digestgen.render.listing import Fragments
from digestgen.render.pages import PagePlan, Plan
from digestgen.runtime.inputkeys import blake

Reducer = Callable[[Any], Any]
"""How ``value_bytes`` writes objects of one type (as ``copyreg`` reducers do)."""


class Reducers(dict[type, Reducer]):
    """``copyreg``'s reducers, ``extra`` ones, and for each slotted dataclass one made on first use.

    Pickle writes a dataclass through ``dataclasses``' Python ``__getstate__``, which lists
    the fields again for every object: most of the time of a paper's key. A slotted
    dataclass holds nothing but its fields, so writing its class and the tuple of its
    fields (read in C by ``attrgetter``) writes all of its value.
    """

    def __init__(self, extra: Mapping[type, Reducer] | None = None) -> None:
        super().__init__({**copyreg.dispatch_table, Markup: _markup_reducer, **(extra or {})})

    def __missing__(self, cls: type) -> Reducer:
        if issubclass(cls, type):
            raise KeyError(cls)  # a class: pickle writes it by name, as without a table
        reducer = self[cls] = _fields_reducer(cls) or _default_reducer
        return reducer


def _fields_reducer(cls: type) -> Reducer | None:
    """``(cls, (field values...))`` for a dataclass whose objects hold only their fields, else None."""
    if not dataclasses.is_dataclass(cls) or cls.__dictoffset__ != 0:
        return None
    names = tuple(f.name for f in dataclasses.fields(cls))
    slots = {name for base in cls.__mro__ for name in base.__dict__.get("__slots__", ())}
    if slots - set(names) - {"__weakref__"} or not names:
        return None
    values = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (cls, (values(obj),))
    return lambda obj: (cls, values(obj))


def _markup_reducer(markup: Markup) -> tuple[type[Markup], tuple[str]]:
    """A ``Markup`` as its class and text: a list page's key holds a stand-in for each card,
    which ``copyreg`` wrote through ``__newobj__`` in Python, at twice the cost."""
    return Markup, (str(markup),)


def _default_reducer(obj: Any) -> Any:
    """What pickle does without a reducer for the type."""
    return obj.__reduce_ex__(PICKLE_PROTOCOL)


PICKLE_PROTOCOL = 5
_REDUCERS = Reducers()


def value_bytes(value: object, reducers: Reducers | None = None) -> bytes:
    """``value`` pickled without the memo, so that the bytes depend on its values only.

    With the memo, an object met twice is written the second time as a reference, so equal
    values shared differently (one string object or two equal ones, as caches make them)
    would pickle differently and be rendered again for nothing. ``reducers`` write objects
    of their type in their own way (a digest as its key, instead of all its fields again).
    """
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=PICKLE_PROTOCOL)
    pickler.fast = True  # no memo (values are trees; a cycle raises ValueError)
    pickler.dispatch_table = reducers if reducers is not None else _REDUCERS
    pickler.dump(value)
    return out.getvalue()


def page_key(
    site_key: str, template: str, context: Mapping[str, object], reducers: Reducers | None = None
) -> str | None:
    """The key of one page: the site-wide inputs' key, its template's name and its context.

    None when the context cannot be pickled (a function in it): such a page is always rendered.
    """
    try:
        data = value_bytes(dict(context), reducers)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return None
    return blake(site_key.encode(), template.encode(), data)


class PaperKeys(dict[str, str]):
    """A key of each catalog paper, made on first use.

    A paper read from files is a function of those files' bytes and of its places in them:
    its key names its slug and its appearances (each digest's key, which holds its file's
    content key, and the position), not its record; editing a digest changes the keys of all
    its papers. These parts are keys already, so they are joined, not hashed again (two
    hashes a paper were a third of the time of a first build's keys). A paper built in
    memory is hashed whole (its pickled record and appearances). Every paper of a digest
    appears in it, and a digest holds the slugs of all its papers: each digest is hashed
    once, and its papers' keys name its key instead.
    """

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self._digests: dict[int, str] = {}
        self._alive: list[DigestEntry] = []
        self._reducers = Reducers({DigestEntry: self._digest})

    def __missing__(self, slug: str) -> str:
        paper = self.catalog.by_slug[slug]
        if all(appearance.digest.content_key for appearance in paper.appearances):
            # Read from files: the record is a function of the bytes of the files it was
            # merged from (each digest's key holds its file's content key) and its places in them.
            # Slugs have no spaces and digest keys are hex: no two papers' parts join alike.
            listings = "".join([f" {self._digest_key(a.digest)}@{a.position}" for a in paper.appearances])
            key = self[slug] = f"listed {slug}{listings}"
        else:  # built in memory: hash the record itself
            key = self[slug] = blake(value_bytes(paper, self._reducers))
        return key

    def _digest(self, digest: DigestEntry) -> tuple[type[str], tuple[str]]:
        return str, ("digest " + self._digest_key(digest),)

    def _digest_key(self, digest: DigestEntry) -> str:
        found = self._digests.get(id(digest))
        if found is None:
            found = self._digests[id(digest)] = blake(value_bytes(digest))
            self._alive.append(digest)  # its id stays its own while the key is remembered
        return found


class StandIns(dict[str, Markup]):
    """In place of each paper's card, a short text naming its paper's key (see ``_page_keys``)."""

    def __init__(self, paper_keys: PaperKeys) -> None:
        super().__init__()
        self.paper_keys = paper_keys

    def __missing__(self, slug: str) -> Markup:
        stand_in = self[slug] = Markup(f"<card {self.paper_keys[slug]}>")
        return stand_in

    def item(self, slug: str) -> Markup:
        return Markup(f"<item {self.paper_keys[slug]}>")


def page_keys(pages: list[PagePlan], plan: Plan, site_key: str) -> dict[str, str]:
    """The key of each page that has one, by output file (see ``PageKeys``)."""
    return PageKeys(plan, site_key).of(pages)


class PageKeys:
    """The keys of a run's pages, each made when asked.

    A paper's view, card and page are functions of its catalog paper and the site
    (``site_key``). So a paper page's key is its paper's key after the key of the site and
    its template, and a list page's key is made from its spec under a plan whose cards are
    stand-ins naming their paper's key: it costs a pickle of the page's data, not a render
    of its cards. A page whose data cannot be pickled has no key and is always rendered.

    A build that renders a list page anyway gives its spec's context (``rendered``): its
    cards and items, found by identity among ``plan.fragments``', are written as their
    stand-ins, so the key is the one the stand-in plan gives (a test compares them), without
    making the page's spec a second time.
    """

    def __init__(self, plan: Plan, site_key: str) -> None:
        self.plan, self.site_key = plan, site_key
        self.paper_keys = PaperKeys(plan.catalog)
        stand_ins = StandIns(self.paper_keys)
        self._key_plan = replace(plan, fragments=Fragments(stand_ins, stand_ins.item))
        self._cards = _SlugsByIdentity(plan.fragments.cards)
        self._items = _SlugsByIdentity(plan.fragments.items)
        self._rendered_reducers = Reducers({Markup: self._stand_in})
        self._templates: dict[str, str] = {}
        self.found: dict[str, str | None] = {}
        """Keys made from rendered contexts, by output file (None: the page has no key)."""

    def of(self, pages: list[PagePlan]) -> dict[str, str]:
        """The key of each page of ``pages`` that has one, by output file, in their order."""
        keys: dict[str, str] = {}
        for page in pages:
            path = urls.output_file(page.path)
            key = self.found[path] if path in self.found else self.key(page)
            if key is not None:
                keys[path] = key
        return keys

    def key(self, page: PagePlan) -> str | None:
        """The key of one page, made from its spec under the stand-in plan if it needs one."""
        paper = page.source
        if isinstance(paper, CatalogPaper) and self.plan.catalog.by_slug.get(paper.slug) is paper:
            return f"{self._template_key(page.template)} {self.paper_keys[paper.slug]}"
        if paper is not None:
            return page_key(self.site_key, page.template, {"source": paper})
        return page_key(self.site_key, page.template, page.make(self._key_plan).context)

    def _template_key(self, template: str) -> str:
        """The key of the site and one template, made once: the first part of a paper page's key."""
        found = self._templates.get(template)
        if found is None:
            found = self._templates[template] = blake(self.site_key.encode(), template.encode())
        return found

    def rendered(self, page: PagePlan, context: Mapping[str, object]) -> None:
        """Make the key of a list page from the context ``page.make(plan)`` gave (kept in ``found``).

        A page with a ``source`` is keyed by it, not by its context: ``of`` makes its key."""
        if page.source is None:
            path = urls.output_file(page.path)
            self.found[path] = page_key(self.site_key, page.template, context, self._rendered_reducers)

    def _stand_in(self, markup: Markup) -> tuple[type[Markup], tuple[str]]:
        """What ``value_bytes`` writes for a ``Markup``: a card's or item's stand-in (as
        ``StandIns`` makes them), else its text (as ``_markup_reducer``)."""
        if (slug := self._cards.get(markup)) is not None:
            return Markup, (f"<card {self.paper_keys[slug]}>",)
        if (slug := self._items.get(markup)) is not None:
            return Markup, (f"<item {self.paper_keys[slug]}>",)
        return Markup, (str(markup),)


class _SlugsByIdentity:
    """The slug of each fragment of a ``{slug: fragment}`` dict that grows as pages are made, by
    the fragment's identity (the dict keeps each alive, so no other object takes its id)."""

    def __init__(self, fragments: Mapping[str, Markup]) -> None:
        self._fragments = fragments
        self._slugs: dict[int, str] = {}
        self._seen = 0

    def get(self, fragment: Markup) -> str | None:
        slug = self._slugs.get(id(fragment))
        if slug is None and len(self._fragments) != self._seen:  # new fragments since: look again
            self._slugs = {id(made): slug for slug, made in self._fragments.items()}
            self._seen = len(self._fragments)
            slug = self._slugs.get(id(fragment))
        return slug
