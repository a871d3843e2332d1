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


def _compiles(theme: Theme, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates ``theme`` compiles from here on (rather than loading kept code)."""
    compiled: list[str] = []
    compile_source = theme.env.compile

    def counting(source: str, name: str | None = None, filename: str | None = None, *args: object) -> object:
        compiled.append(name or "")
        return compile_source(source, name, filename, *args)  # type: ignore[call-overload]

    monkeypatch.setattr(theme.env, "compile", counting)
    return compiled


def test_built_in_templates_are_compiled_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = tmp_path / "kept"
    first = Theme(None, kept)
    first_compiles = _compiles(first, monkeypatch)
    first.compile_all()
    assert "paper.html" in first_compiles and any(kept.glob("template-*.jinja"))
    second = Theme(None, kept)
    second_compiles = _compiles(second, monkeypatch)
    second.compile_all()
    assert second_compiles == []  # every page template loaded from the kept code
    for name in ("paper.html", "day.html"):
        assert first.template(name).root_render_func.__code__.co_code == (
            second.template(name).root_render_func.__code__.co_code
        )


def test_kept_code_of_another_generator_or_a_broken_file_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = tmp_path / "kept"
    Theme(None, kept).compile_all()
    for file in kept.glob("template-*.jinja"):
        file.write_bytes(file.read_bytes()[:40])  # cut short
    again = Theme(None, kept)
    compiles = _compiles(again, monkeypatch)
    again.template("paper.html")
    assert compiles == ["paper.html"]
    other = Theme(None, kept)
    other.env.bytecode_cache._generator = "another code generator"  # type: ignore[union-attr]
    compiles = _compiles(other, monkeypatch)
    other.template("paper.html")  # kept just now by ``again``, for this module's generator
    assert compiles == ["paper.html"]


def test_a_projects_own_templates_are_not_kept_and_a_read_only_folder_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    (own / "day.html").write_text("{{ 1 + 1 }}", encoding="utf-8")
    kept = tmp_path / "kept"
    theme = Theme(own, kept)  # compiles (and keeps) the built-in macros
    built_in = set(kept.iterdir())
    assert theme.render("day.html", {}) == b"2"
    assert set(kept.iterdir()) == built_in  # nothing of the project's own was kept
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    theme = Theme(None, blocked / "kept")  # cannot be made: compiled each time, no error
    compiles = _compiles(theme, monkeypatch)
    theme.template("paper.html")
    assert compiles == ["paper.html"]


def test_nothing_is_kept_when_the_theme_module_cannot_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Installed as a zip, say: the code generator's source is unknown, so kept code could be stale.
    from digestgen.render import theme as theme_module

    monkeypatch.setattr(theme_module, "__file__", str(tmp_path / "missing" / "theme.py"))
    kept = tmp_path / "kept"
    theme = Theme(None, kept)
    theme.compile_all()  # every template compiled, none kept
    assert "paper.html" in theme._templates and not kept.exists()
