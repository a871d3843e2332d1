"""Full-text search with Pagefind: records from the catalog, the index as in-memory site files."""

from digestgen.search.index import KEY_FILE, Previous, search_bundle
from digestgen.search.records import SearchRecord, search_records
from digestgen.search.service import PagefindError

__all__ = ["KEY_FILE", "PagefindError", "Previous", "SearchRecord", "search_bundle", "search_records"]
