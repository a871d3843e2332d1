"""digestgen: paper digests in, YAML records and a static site out."""

__version__ = "0.1.0"
