"""How a command's work runs, below every stage: forked workers (``offload``), where rendered
files go (``sink``), a lock on a folder (``folderlock``), timed steps, progress bars, the
collector, and keys of code and templates.

Any package may import these modules; they import nothing of digestgen's but each other.
"""
