"""Full-text search with Pagefind: records from the catalog, the index as in-memory site files."""

from digestgen.search.index import KEY_NAME, Previous, key_file, search_bundle, shard_folder
from digestgen.search.records import SearchRecord, search_records
from digestgen.search.service import PagefindError

__all__ = [
    "KEY_NAME",
    "PagefindError",
    "Previous",
    "SearchRecord",
    "key_file",
    "search_bundle",
    "search_records",
    "shard_folder",
]
