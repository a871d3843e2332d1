"""Full-text search with Pagefind: records from the catalog, the index as in-memory site files."""

from digestgen.search.index import KEY_NAME, Previous, SearchIndex, key_file, search_bundle, search_index, shard_folder
from digestgen.search.records import SearchRecord, search_records
from digestgen.search.service import PagefindError

__all__ = [
    "KEY_NAME",
    "PagefindError",
    "Previous",
    "SearchIndex",
    "SearchRecord",
    "key_file",
    "search_bundle",
    "search_index",
    "search_records",
    "shard_folder",
]
