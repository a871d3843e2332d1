"""Project settings in one place: ``digestgen.toml``, or ``[tool.digestgen]`` in pyproject.toml.

Every key is optional and every default works without a file. The file is checked like
the digests: an unknown key or a value of the wrong type is a problem at its line and
column (``digestgen.toml:3:1: error: unknown key `titel`; did you mean `title`?``), all
of them reported at once. Command-line options override the file.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digestgen.errors import DigestError, Problem, errors_only
from digestgen.records.yamlnodes import decode_utf8
from digestgen.render.config import CONTROL, SiteConfig, check_site_url, make_config, normalize_base_url, shown
from digestgen.settings.tomlpos import KeyPath, key_positions
from digestgen.subjects import normalize_subject

CONFIG_NAME = "digestgen.toml"
"""The settings file, looked for in the current folder."""
PYPROJECT_NAME = "pyproject.toml"
"""Used when there is no digestgen.toml and it has a ``[tool.digestgen]`` table."""
PYPROJECT_TABLE: KeyPath = ("tool", "digestgen")

Checker = Callable[[Any], tuple[Any, str | None]]
"""Turns a TOML value into a setting, or gives what is wrong with it."""


@dataclass(frozen=True, slots=True)
class Key:
    """One setting, as the README documents it."""

    name: str
    check: Checker
    doc: str
    """What the setting does, in one line."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The settings a project's file gives (nothing when there is no file)."""

    source: Path | None = None
    """The file read, if any."""
    values: Mapping[str, Any] = field(default_factory=dict)
    """Checked values by key; keys the file leaves out are absent."""
    problems: tuple[Problem, ...] = ()
    """What is wrong with the file; values with problems are left out."""


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, int | float):
        return f"the number {value}"
    return "a table" if isinstance(value, dict) else "a list" if isinstance(value, list) else type(value).__name__


def _text(value: Any) -> tuple[Any, str | None]:
    return (value, None) if isinstance(value, str) else (None, f"must be text in quotes, not {_describe(value)}")


def _title(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and not value.strip():
        return None, "must not be empty"
    return _text(value)


def _base_url(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return _text(value)
    try:
        return normalize_base_url(value), None
    except ValueError:
        return None, f'must be a path such as "/my-digests/", not {shown(value)}'


def _site_url(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return _text(value)
    try:
        return check_site_url(value), None
    except ValueError:
        example = '"https://me.github.io/my-digests/"'
        return None, f"must be an absolute http(s) address such as {example}, not {shown(value)}"


_PROSE_KEYS = frozenset({"description"})
"""Keys whose text may run over lines (a TOML multi-line string): newlines and tabs are fine there."""
_CONTROL_IN_PROSE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
"""``CONTROL`` but for tabs and line ends."""


def _control_characters(value: Any, keys: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """Every text in ``value`` (nested tables and lists too) holding a control character: its key and that character."""
    if isinstance(value, str):
        refused = _CONTROL_IN_PROSE if keys[0] in _PROSE_KEYS else CONTROL
        if found := refused.search(value):
            yield keys, found.group()
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _control_characters(name, (*keys, name))
            yield from _control_characters(item, (*keys, name))
    elif isinstance(value, list):
        for item in value:
            yield from _control_characters(item, keys)


def _at_least(minimum: int) -> Checker:
    def check(value: Any) -> tuple[Any, str | None]:
        if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
            return value, None
        return None, f"must be a whole number of at least {minimum}, not {_describe(value)}"

    return check


def _flag(value: Any) -> tuple[Any, str | None]:
    return (value, None) if isinstance(value, bool) else (None, f"must be true or false, not {_describe(value)}")


def _table(value: Any) -> tuple[Any, str | None]:
    """Only the outer shape: ``_subjects`` checks the table's entries one by one."""
    return (
        (value, None) if isinstance(value, dict) else (None, f"must be a table of code = name, not {_describe(value)}")
    )


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def _language(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and _LANGUAGE.match(value):
        return value, None
    return None, f'must be a language tag such as "en" or "zh-CN", not {_describe(value)}'


KEYS: tuple[Key, ...] = (
    Key("title", _title, "site name, in the header, page titles and feeds"),
    Key("title_zh", _text, "Chinese site name shown beside the English one (empty: none)"),
    Key("description", _text, "one sentence for the home page and the site feed"),
    Key("base_url", _base_url, "path the site is served under, e.g. /my-digests/ for a GitHub Pages project"),
    Key("site_url", _site_url, "public address of the site, for feeds and the sitemap; its path is the base URL"),
    Key("language", _language, "language of the pages (the `lang` of every page; Chinese text is marked zh)"),
    Key("dates_per_page", _at_least(1), "dates on each home page"),
    Key("papers_per_page", _at_least(1), "papers on each subject page"),
    Key("feed_entries", _at_least(1), "newest papers in each Atom feed"),
    Key("stale_after_days", _at_least(0), "days after the newest digest when the site counts as stale (0: never)"),
    Key("search", _flag, "whether `digestgen build` makes the search index"),
    Key("subjects", _table, 'names of subject codes: `"cs.CV" = "Vision"` or `{en, zh}`'),
)
_BY_NAME = {key.name: key for key in KEYS}


def find_config(folder: Path) -> Path | None:
    """``digestgen.toml`` in ``folder``, else its pyproject.toml when that has ``[tool.digestgen]``."""
    own = folder / CONFIG_NAME
    if own.is_file():
        return own
    pyproject = folder / PYPROJECT_NAME
    if pyproject.is_file() and re.search(r"^\s*\[\s*tool\s*\.\s*digestgen\s*[.\]]", _read(pyproject), re.M):
        return pyproject
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def load_settings(path: Path | None = None, folder: Path = Path()) -> Settings:
    """The settings in ``path``, or in the file ``find_config(folder)`` finds, or none."""
    path = path or find_config(folder)
    if path is None:
        return Settings()
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return Settings(path, {}, (Problem(name, 0, 0, f"cannot read: {err.strerror or err}"),))
    decoded = decode_utf8(name, raw)  # a byte-order mark is dropped, as editors hide it
    if decoded.text is None:
        assert decoded.problem is not None
        return Settings(path, {}, (decoded.problem,))
    text = decoded.text
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return Settings(path, {}, (_syntax_problem(name, err),))
    prefix = PYPROJECT_TABLE if path.name == PYPROJECT_NAME else ()
    for part in prefix:
        data = data.get(part, {})
    return _check(path, text, data, prefix)


_AT = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$")


def _syntax_problem(name: str, err: tomllib.TOMLDecodeError) -> Problem:
    match = _AT.match(str(err))
    if match is None:
        return Problem(name, 0, 0, f"not valid TOML: {err}")
    return Problem(name, int(match.group(2)), int(match.group(3)), f"not valid TOML: {match.group(1)}")


def _check(path: Path, text: str, data: dict[str, Any], prefix: KeyPath) -> Settings:
    positions = key_positions(text)
    problems: list[Problem] = []

    def report(keys: KeyPath, message: str) -> None:
        line, col = positions.get(prefix + keys, (0, 0))
        problems.append(Problem(str(path), line, col, message))

    values: dict[str, Any] = {}
    for name, value in data.items():
        key = _BY_NAME.get(name)
        if key is None:
            report((name,), _unknown(name, _BY_NAME, "key"))
            continue
        if controls := list(_control_characters(value, (name,))):
            for keys, character in controls:
                report(keys, f"`{'.'.join(keys)}` holds the control character U+{ord(character):04X}; remove it")
            continue
        checked = _subjects(value, report) if name == "subjects" else _checked(key, value, report)
        if checked is not None:
            values[name] = checked
    return Settings(path, values, tuple(sorted(problems)))


def _checked(key: Key, value: Any, report: Callable[[KeyPath, str], None]) -> Any:
    checked, message = key.check(value)
    if message is not None:
        report((key.name,), f"`{key.name}` {message}")
        return None
    return checked


def _unknown(name: str, known: Mapping[str, object], what: str) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else f"known: {', '.join(sorted(known))}"
    return f"unknown {what} `{name}`; {hint}"


def _subjects(value: Any, report: Callable[[KeyPath, str], None]) -> tuple[tuple[str, str, str], ...] | None:
    """``[subjects]``: code = "English name", or code = { en = "...", zh = "..." }."""
    if _checked(_BY_NAME["subjects"], value, report) is None:
        return None
    names: list[tuple[str, str, str]] = []
    for raw_code, name in value.items():
        code = normalize_subject(raw_code)
        where = ("subjects", raw_code)
        if code is None:
            report(where, f"`{raw_code}` is not an arXiv subject code such as cs.CV")
            continue
        if isinstance(name, dict) and "." not in raw_code and any(k not in ("en", "zh") for k in name):
            first = next(k for k in name if k not in ("en", "zh"))
            report(where, f'quote subject codes: "{raw_code}.{first}" = ...; unquoted, TOML reads the dot as a table')
            continue
        parsed = _subject_name(name, where, report)
        if parsed is not None:
            names.append((code, *parsed))
    return tuple(sorted(names))


def _subject_name(value: Any, where: KeyPath, report: Callable[[KeyPath, str], None]) -> tuple[str, str] | None:
    if isinstance(value, str) and value.strip():
        return value, value
    if not isinstance(value, dict):
        report(where, f'subject `{where[-1]}` needs a name ("Vision") or {{ en = "...", zh = "..." }}')
        return None
    unknown = [k for k in value if k not in ("en", "zh")]
    for k in unknown:
        report((*where, k), _unknown(k, {"en": 0, "zh": 0}, "subject name key"))
    bad = [k for k in ("en", "zh") if k in value and not (isinstance(value[k], str) and value[k].strip())]
    for k in bad:
        report((*where, k), f"subject `{where[-1]}`: `{k}` must be non-empty text, not {_describe(value[k])}")
    if unknown or bad or not value:
        return None
    en: str = value.get("en") or value["zh"]
    zh: str = value.get("zh") or en
    return en, zh


def site_config(
    settings: Settings, *, base_url: str | None = None, site_url: str | None = None, search: bool | None = None
) -> SiteConfig:
    """The build's settings: command-line values over the file's over the defaults.

    A ``--site-url`` given without ``--base-url`` brings its own path, so the file's
    ``base_url`` is then not used. Raises ``DigestError`` when the file has errors.
    """
    if errors_only(settings.problems):
        raise DigestError(settings.problems)
    file = settings.values
    if site_url is None:
        site_url = file.get("site_url")
        base_url = base_url if base_url is not None else file.get("base_url")
    config = make_config(base_url, site_url, search=file.get("search", True) if search is None else search)
    simple = {k: file[k] for k in SiteConfig.__dataclass_fields__ if k in file and k not in _CLI_KEYS}
    if "subjects" in file:
        simple["subject_names"] = file["subjects"]
    return dataclasses.replace(config, **simple)


_CLI_KEYS = frozenset({"base_url", "site_url", "search"})
