"""The Jinja theme: templates compiled once, looked up in the project first, then the package.

A project's top-level ``templates/`` folder may hold any of the package's template or
static files under the same name; those replace the package's, the rest are used as shipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2 import nodes
from jinja2.bccache import Bucket
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import Markup

from digestgen.errors import Problem
from digestgen.records.cache import atomic_write
from digestgen.render.text import lang_of, paragraphs
from digestgen.runtime.sealed import seal, unseal

MACROS = "macros.html"
"""Macros every template sees as ``m``."""
STYLESHEET = "static/style.css"
"""The site's one stylesheet, a template-folder file like the others."""
COPY_SCRIPT = "static/copy.js"
"""The paper pages' script: the button that copies the BibTeX entry."""
FAVICON = "static/favicon.svg"
"""The site's icon (an SVG: every current browser shows one)."""


PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""The built-in templates (``jinja2.PackageLoader("digestgen", "templates")``)."""
BYTECODE_FOLDER = PACKAGE_TEMPLATES.parent / "__pycache__"
"""Where the built-in templates' compiled code is kept, beside the package's own bytecode."""


class Theme:
    """Compiled templates and static files of one build."""

    def __init__(self, override_dir: Path | None = None, bytecode_folder: Path | None = BYTECODE_FOLDER) -> None:
        loaders: list[jinja2.BaseLoader] = []
        if override_dir is not None and override_dir.is_dir():
            loaders.append(jinja2.FileSystemLoader(override_dir))
        loaders.append(jinja2.PackageLoader("digestgen", "templates"))
        self.env = _Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
            bytecode_cache=PackageBytecode(bytecode_folder) if bytecode_folder is not None else None,
        )
        self.env.filters["langattr"] = langattr
        self.env.filters["paragraphs"] = paragraphs
        # Macros are a global module, built once: an ``{% import %}`` in each template would
        # rebuild it on every render of every page and fragment.
        self.env.globals["m"] = self.env.get_template(MACROS).module
        self._templates: dict[str, jinja2.Template] = {}
        """Templates by name: Jinja's own cache takes a lock and reorders a list on every lookup."""

    def compile_all(self) -> None:
        """Compile every page template now (``.html`` outside ``static/``), so that a forked
        worker inherits them compiled. One that does not compile is left for its first use
        to raise its error, where the build reports it."""
        for name in self.env.list_templates(extensions=["html"]):
            if not name.startswith("static/"):
                try:
                    self.template(name)
                except jinja2.TemplateError:
                    continue

    def template(self, name: str) -> jinja2.Template:
        """The compiled template ``name`` (a build's templates do not change while it runs)."""
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self.env.get_template(name)
        return found

    def render(self, template: str, context: Mapping[str, object]) -> bytes:
        """One page, as UTF-8 bytes."""
        return self.template(template).render(context).encode()

    def fragment(self, template: str, context: Mapping[str, object]) -> Markup:
        """A piece of HTML to be placed in other pages."""
        return Markup(self.template(template).render(context))  # autoescaped template output

    def static(self, name: str) -> bytes:
        """A static file's bytes (project override first)."""
        assert self.env.loader is not None
        source, _, _ = self.env.loader.get_source(self.env, name)
        return source.encode()


class PackageBytecode(jinja2.FileSystemBytecodeCache):
    """The compiled code of the built-in templates, kept between builds as Python keeps ``.pyc``.

    Compiling the theme (lexing, parsing, generating and compiling Python) is 40 ms of every
    build's CPU; loading it back is a tenth of that. Only templates of the package are kept:
    a project's own (``templates/``) are compiled each time. A kept template is used only
    for the same source (Jinja's checksum), Python (Jinja's magic), Jinja release and this
    module (whose code generator and settings shape the code: both go into the checksum). A
    folder that cannot be written costs the compile, nothing more. Each file is sealed with a
    checksum of its bytes (``digestgen.runtime.sealed``): a damaged one is compiled again.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder), "template-%s.jinja")
        self._package = os.path.normpath(PACKAGE_TEMPLATES) + os.sep
        try:
            generator = Path(__file__).read_bytes()
        except OSError:  # not installed as files (a zip): nothing is kept, as its code is unknown
            self._generator = ""
        else:
            self._generator = hashlib.sha256(jinja2.__version__.encode() + generator).hexdigest()

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """The key of a built-in template; "" (not kept) for a project's own."""
        if not self._generator or filename is None or not os.path.normpath(filename).startswith(self._package):
            return ""
        return super().get_cache_key(name)

    def get_source_checksum(self, source: str) -> str:
        return super().get_source_checksum(f"{self._generator}\n{source}")

    def load_bytecode(self, bucket: Bucket) -> None:
        if not bucket.key:
            return
        try:
            with open(self._get_cache_filename(bucket), "rb") as source:
                code = unseal(source.read())
            if code is None:  # damaged: code that still loads could render other bytes
                bucket.reset()
                return
            bucket.bytecode_from_string(code)  # another magic or source checksum: left empty
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()  # missing, or cut short (Jinja reads its checksum with pickle): compiled again

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not bucket.key:
            return
        with contextlib.suppress(OSError):  # a read-only installation: compiled again next time
            atomic_write(Path(self._get_cache_filename(bucket)), seal(bucket.bytecode_to_string()))


def _escape_function() -> Callable[[str], str]:
    """MarkupSafe's escaping of a plain string, as a plain string (its C speedup where present)."""
    try:
        from markupsafe import _escape_inner  # type: ignore[attr-defined]  # MarkupSafe 3's core
    except ImportError:  # another MarkupSafe: the same bytes through its public function
        return lambda text: str(markupsafe.escape(text))
    escape: Callable[[str], str] = _escape_inner
    return escape


_escape_str = _escape_function()


def escape_text(value: Any) -> str:
    """``markupsafe.escape(value)`` as a ``str``: the same text, without making a ``Markup``.

    Templates call this for every ``{{ value }}`` they output (see ``_CodeGenerator``), and
    join what it returns into the page at once. A ``Markup`` (a card, the header) is returned
    as it is: it is a ``str``, and joining it needs no copy of it first (a tenth of the time
    of a list page of 30 cards).
    """
    if type(value) is str:
        return _escape_str(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        text = html()
        return text if type(text) is Markup else str(text)
    return _escape_str(str(value))


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator (``Environment.code_generator_class``), with two changes that
    leave every page's bytes as they were (golden tests; a test against stock Jinja):

    - ``{{ value }}`` escapes through ``escape_text``. Jinja wraps each output value in
      ``markupsafe.escape``, which makes a ``Markup`` object only for the template to join it
      into the page at once; that was a quarter of the time of rendering a paper page. A
      plain string joins the same. Only output in an autoescaped template goes this way: a
      buffer (a macro, a ``{% set %}`` block) is still returned as ``Markup`` by Jinja, and
      values passed to filters are untouched.
    - A block's output is joined where the block is called (``visit_Block``). Should Jinja
      ever write that line otherwise, the block is simply not joined: slower, not wrong.
    """

    _joining_block = False

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is None:
            self.write("environment.escape_text(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def visit_Block(self, node: nodes.Block, frame: Frame) -> None:
        # Jinja yields a block's pieces one by one up through the templates it extends, a
        # generator for each (base.html, then paper.html): most of a page's pieces. Joined
        # where the block is called, they go up as one string (paper pages 5-10% faster).
        self._joining_block = True
        try:
            super().visit_Block(node, frame)
        finally:
            self._joining_block = False

    def writeline(self, x: str, node: nodes.Node | None = None, extra: int = 0) -> None:
        if self._joining_block and x.startswith("yield from context.blocks["):
            x = f"yield environment.concat({x.removeprefix('yield from ')})"
        super().writeline(x, node, extra)


class _Environment(jinja2.Environment):
    code_generator_class = _CodeGenerator
    escape_text = staticmethod(escape_text)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one dict, not Jinja's ``ChainMap`` over the environment's.

        Every render copies them into its context, and copying a ``ChainMap`` runs in
        Python: 5.4 µs a render, 1.2 µs from a dict (21,000 renders at 10,000 papers). The
        difference: globals the environment gets after a template is loaded are not seen by
        it; ``Theme`` sets its globals once, before it loads any template but the macros.
        """
        return {**self.globals, **(d or {})}


_LANG_ZH, _NO_ATTRIBUTE = Markup(' lang="zh"'), Markup("")


def langattr(text: str | None) -> Markup:
    """`` lang="zh"`` for Chinese text (the page itself is English), else nothing."""
    return _LANG_ZH if text and lang_of(text) == "zh" else _NO_ATTRIBUTE


def fingerprinted(name: str, content: bytes) -> str:
    """``assets/style.3f2a1b4c.css``: the name changes when the content does."""
    stem, dot, ext = Path(name).name.rpartition(".")
    return f"assets/{stem}.{hashlib.sha256(content).hexdigest()[:10]}{dot}{ext}"


def template_problem(error: jinja2.TemplateError) -> Problem:
    """A template error as ``file:line: error: message``, at the innermost template line."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Problem(error.filename or error.name or "<template>", error.lineno, 0, error.message or "")
    where, line = "<template>", 0
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".css")):
            where, line = filename, trace.tb_lineno
        trace = trace.tb_next
    return Problem(where, line, 0, f"template error: {error}")
