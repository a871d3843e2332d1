"""The render layer: catalog + config in, every file of the site out, as bytes in memory."""

from digestgen.render.config import SiteConfig, make_config
from digestgen.render.site import render
from digestgen.sink import RenderError

__all__ = ["RenderError", "SiteConfig", "make_config", "render"]
