"""Deterministic synthetic digests for benchmarks: 30 papers a day, English and Chinese.

    python bench/synthetic.py OUT_DIR --papers N [--vocab wordfreq|small]

Each paper has both titles and abstracts, 3-8 authors and 1-2 subjects, like the
content the issue's Hugo comparison uses. The same N and vocabulary always give the same files.

Vocabularies: ``wordfreq`` (the default; ``pip install -e '.[bench]'``) draws titles and
abstracts, Zipf-like, from the 30,000 most frequent English and 20,000 most frequent Chinese
words, as ``../shared/bench/make_corpus.py --vocab wordfreq`` does, so that a search index
has the size and the time it has on real abstracts (about 29,000 distinct English words at
10,000 papers); ``small`` draws from 24 English and 20 Chinese words, as earlier figures were
measured (fine for page rendering, flattering for search).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from digestgen.records.model import Digest, Paper
from digestgen.records.writer import dump_digest

PAPERS_PER_DAY = 30
SUBJECTS = ["cs.CV", "cs.LG", "cs.CL", "cs.AI", "cs.RO", "eess.AS", "stat.ML", "cs.IR"]
WORDS = (
    "diffusion transformer scene understanding grokking robust parallel inference video caption "
    "distillation bootstrapping language model quantization retrieval graph neural network "
    "reinforcement policy benchmark dataset sparse attention efficient scalable self-supervised"
).split()
ZH_WORDS = "扩散 模型 场景 理解 鲁棒 并行 推理 视频 描述 蒸馏 语言 量化 检索 图 神经 网络 强化 学习 高效 注意力".split()
SURNAMES = "Wang Li Zhang Liu Chen Smith Müller Garcia Kim Nguyen Rossi Dubois Tanaka Novak".split()
GIVEN = "Wei Jing Anna Ivan Maria Tom Yuki Lei Sara Omar Chen Ana".split()
START = dt.date(2020, 1, 1)


VOCABULARIES = ("wordfreq", "small")


@dataclass(frozen=True, slots=True)
class Words:
    """Words of one language and, for a Zipf-like drawing, their cumulative weights (None: uniform)."""

    words: list[str]
    weights: list[float] | None = None

    def draw(self, rng: random.Random, count: int) -> list[str]:
        if self.weights is None:
            return [rng.choice(self.words) for _ in range(count)]
        return rng.choices(self.words, cum_weights=self.weights, k=count)


@functools.cache
def vocabulary(name: str) -> tuple[Words, Words]:
    """The English and Chinese words of vocabulary ``name`` (``VOCABULARIES``)."""
    if name == "small":
        return Words(WORDS), Words(ZH_WORDS)
    try:
        import wordfreq
    except ImportError as error:
        raise SystemExit("the wordfreq vocabulary needs pip install -e '.[bench]' (or --vocab small)") from error
    found = []
    for language, size in (("en", 30_000), ("zh", 20_000)):
        top = [word for word in wordfreq.top_n_list(language, size) if word.isalpha()]
        found.append(Words(top, list(itertools.accumulate(1.0 / (rank + 20) for rank in range(len(top))))))
    return found[0], found[1]


def _sentence(rng: random.Random, words: Words, count: int, sep: str = " ") -> str:
    return sep.join(words.draw(rng, count))


def _english(rng: random.Random, words: Words, size: int) -> str:
    """Sentences of 12-28 words, about ``size`` characters in all."""
    sentences: list[str] = []
    while sum(map(len, sentences)) < size - 60:
        sentences.append(_sentence(rng, words, rng.randint(12, 28)).capitalize() + ".")
    return " ".join(sentences)


def _chinese(rng: random.Random, words: Words, size: int) -> str:
    """Chinese words with a comma or full stop every 8-22 characters, about ``size`` characters."""
    text, clause = "", ""
    while len(text) + len(clause) < size:
        clause += words.draw(rng, 1)[0]
        if len(clause) >= rng.randint(8, 22):
            text, clause = text + clause + ("，" if rng.random() < 0.7 else "。"), ""
    return text + clause + "。"


def synthetic_paper(index: int, rng: random.Random, vocab: str = "wordfreq") -> Paper:
    """One paper; ``index`` makes its arXiv id unique."""
    year, number = divmod(index, 90_000)
    english, chinese = vocabulary(vocab)
    small = vocab == "small"
    return Paper(
        title=_sentence(rng, english, rng.randint(5, 11) if small else rng.randint(8, 14)).capitalize(),
        title_zh=_sentence(rng, chinese, rng.randint(4, 9) if small else rng.randint(5, 9), sep=""),
        authors=tuple(f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(3, 8))),
        arxiv=f"{20 + year % 10:02d}{1 + year // 10 % 12:02d}.{10000 + number:05d}",
        subjects=tuple(rng.sample(SUBJECTS, rng.randint(1, 2))),
        abstract=_sentence(rng, english, rng.randint(120, 180)).capitalize() + "."
        if small
        else _english(rng, english, 1200),
        abstract_zh=_sentence(rng, chinese, rng.randint(80, 120), sep="") + "。"
        if small
        else _chinese(rng, chinese, 375),
    )


def synthetic_digests(papers: int, seed: int = 1, vocab: str = "wordfreq") -> Iterator[Digest]:
    """``papers`` papers as daily digests, oldest first; the same arguments give the same digests."""
    rng = random.Random(seed)
    for day, first in enumerate(range(0, papers, PAPERS_PER_DAY)):
        date = START + dt.timedelta(days=day)
        batch = tuple(synthetic_paper(i, rng, vocab) for i in range(first, min(first + PAPERS_PER_DAY, papers)))
        yield Digest(date=date, title=f"Synthetic digest {date.isoformat()}", papers=batch)


def write_synthetic(folder: Path, papers: int, seed: int = 1, vocab: str = "wordfreq") -> int:
    """Write ``papers`` papers as daily digests under ``folder``; returns the number of files."""
    files = 0
    for digest in synthetic_digests(papers, seed, vocab):
        assert digest.date is not None
        path = folder / f"{digest.date.year}" / f"{digest.date.isoformat()}-synthetic.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_digest(digest), encoding="utf-8")
        files += 1
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--vocab", choices=VOCABULARIES, default="wordfreq")
    args = parser.parse_args()
    print(f"wrote {write_synthetic(args.out, args.papers, vocab=args.vocab)} digests to {args.out}")


if __name__ == "__main__":
    main()
