"""The render layer: catalog + config in, every file of the site out, as bytes in memory.

``render`` is imported on first use: importing the renderer (Jinja and the page
modules) is most of ``digestgen``'s start-up, and commands that only read digests
(``check``, ``extract``), or a build still loading them, do not need it yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from digestgen.render.config import SiteConfig, make_config
from digestgen.runtime.sink import RenderError

if TYPE_CHECKING:
    from digestgen.render.site import render

__all__ = ["RenderError", "SiteConfig", "make_config", "render"]


def __getattr__(name: str) -> Any:
    if name == "render":
        from digestgen.render.site import render

        return render
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
