"""Chinese words cut apart before Pagefind sees them, so that the standard Pagefind binary indexes them.

Pagefind splits text into words at whitespace; Chinese is written without spaces. Its
extended binary segments Chinese itself (charabia, with jieba's dictionary), but a Pagefind
process that meets Chinese text first loads its segmenters: about 1 s of CPU and 300 MB a
process before the first record, and it then indexes every record more slowly (measured
with ``bench/search_cost.py``: 3,000 papers 10.9 CPU-s and 1.2 GB, against 9.7 CPU-s and
0.9 GB here; 100 papers 1.5 s against 0.3 s). So the build cuts each run of Chinese
characters into words with jieba (``rjieba``, the Python binding of jieba-rs, the
segmenter charabia uses; without its HMM for unknown words, as charabia) and puts a space
around each word, and the standard binary indexes the words as they are.

The search page cuts a Chinese query into words the same way as before (``Intl.Segmenter``)
and, when it shows an excerpt, drops the spaces this put between Chinese words.
"""

from __future__ import annotations

import re

import rjieba

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def spaced(text: str) -> str:
    """``text`` with a space around every Chinese word: "使用扩散模型," -> " 使用 扩散 模型 ,"."""
    if not _HAN_RUN.search(text):
        return text
    return _HAN_RUN.sub(_words, text)


def _words(found: re.Match[str]) -> str:
    return " " + " ".join(rjieba.cut(found.group(), False)) + " "
