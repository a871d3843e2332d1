"""The theme's escaping: every ``{{ value }}`` comes out as MarkupSafe would escape it, once."""

from __future__ import annotations

from pathlib import Path

import jinja2
import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st

from digestgen.render.theme import Theme, escape_text


class _Html:
    def __html__(self) -> str:
        return "<b>already safe</b>"


@given(st.text())
def test_escape_text_is_markupsafe_escape_as_a_plain_string(text: str) -> None:
    assert escape_text(text) == str(markupsafe.escape(text))
    assert type(escape_text(text)) is str


@pytest.mark.parametrize(
    "value",
    [markupsafe.Markup("<i>kept</i>"), _Html(), 3, 2.5, None, ("<t>",), "&amp; <&>\"'"],
    ids=["markup", "__html__", "int", "float", "none", "tuple", "specials"],
)
def test_escape_text_treats_every_kind_of_value_as_markupsafe_does(value: object) -> None:
    assert escape_text(value) == str(markupsafe.escape(value))


def test_escape_text_gives_markup_back_as_it_is() -> None:
    card = markupsafe.Markup("<article>卡片</article>")
    assert escape_text(card) is card  # a str already: joined into the page without a copy


@pytest.fixture()
def theme(tmp_path: Path) -> Theme:
    (tmp_path / "probe.html").write_text(
        '{% macro wrap(x) %}<em title="{{ x }}">{{ x }}</em>{% endmacro %}'
        "{% set block %}<u>{{ value }}{{ safe }}</u>{% endset %}"
        "{{ value }}|{{ safe }}|{{ wrap(value) }}|{{ block }}|{{ value|upper }}|{{ 'a<b' ~ value }}"
        "{% autoescape false %}|{{ raw }}{% endautoescape %}",
        encoding="utf-8",
    )
    return Theme(tmp_path)


def test_templates_escape_values_once_and_keep_markup(theme: Theme) -> None:
    context = {"value": "<x>&", "safe": markupsafe.Markup("<br>"), "raw": "<raw>"}
    page = theme.render("probe.html", context).decode()
    assert page.split("|") == [
        "&lt;x&gt;&amp;",
        "<br>",
        '<em title="&lt;x&gt;&amp;">&lt;x&gt;&amp;</em>',  # a macro's output is not escaped again
        "<u>&lt;x&gt;&amp;<br></u>",  # markup in a buffer: joined, not escaped again
        "&lt;X&gt;&amp;",
        "a&lt;b&lt;x&gt;&amp;",
        "<raw>",  # autoescape turned off in the template is obeyed
    ]


def test_an_undefined_value_is_still_an_error(theme: Theme) -> None:
    with pytest.raises(jinja2.UndefinedError):
        theme.render("probe.html", {"safe": "", "raw": ""})


LAYERED = {
    "layout.html": "<html>{% block head %}<title>{{ title }}</title>{% endblock %}"
    "{% for item in items %}{% block row scoped %}<li>{{ item }}</li>{% endblock %}{% endfor %}"
    "<main>{% block content %}base{% endblock %}</main>{{ self.head() }}</html>",
    "middle.html": '{% extends "layout.html" %}{% block content %}<div>{% block inner %}m{% endblock %}'
    "{{ super() }}</div>{% endblock %}",
    "page.html": '{% extends "middle.html" %}{% block inner %}{{ title }}{% if items %}{{ items|length }}'
    "{% endif %}{% endblock %}{% block row %}<b>{{ item }}</b>{{ super() }}{% endblock %}",
}


def test_blocks_joined_where_they_are_called_render_as_jinja_renders_them(tmp_path: Path) -> None:
    for name, source in LAYERED.items():
        (tmp_path / name).write_text(source, encoding="utf-8")
    stock = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), autoescape=True)
    ours = Theme(tmp_path)
    context = {"title": "<T>", "items": ["a&", "<b>"]}
    for name in LAYERED:
        expected = stock.get_template(name).render(context)
        assert ours.render(name, context).decode() == expected
        assert "".join(ours.env.get_template(name).generate(context)) == expected  # streamed too
    assert "<b>&lt;b&gt;</b><li>&lt;b&gt;</li>" in expected


def test_templates_see_the_theme_globals_and_jinjas_own(tmp_path: Path) -> None:
    (tmp_path / "g.html").write_text("{% for n in range(2) %}{{ n }}{% endfor %}|{{ m.link(l) }}", encoding="utf-8")
    page = Theme(tmp_path).render("g.html", {"l": {"label": "<x>", "href": "https://a.example/"}}).decode()
    assert page == '01|<a href="https://a.example/" rel="noopener">&lt;x&gt;</a>'
