"""Deterministic synthetic digests for benchmarks: 30 papers a day, English and Chinese.

    python bench/synthetic.py OUT_DIR --papers N

Each paper has both titles and abstracts, 3-8 authors and 1-2 subjects, like the
content the issue's Hugo comparison uses. The same N always gives the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Iterator
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


def _sentence(rng: random.Random, words: list[str], count: int, sep: str = " ") -> str:
    return sep.join(rng.choice(words) for _ in range(count))


def synthetic_paper(index: int, rng: random.Random) -> Paper:
    """One paper; ``index`` makes its arXiv id unique."""
    year, number = divmod(index, 90_000)
    return Paper(
        title=_sentence(rng, WORDS, rng.randint(5, 11)).capitalize(),
        title_zh=_sentence(rng, ZH_WORDS, rng.randint(4, 9), sep=""),
        authors=tuple(f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(3, 8))),
        arxiv=f"{20 + year % 10:02d}{1 + year // 10 % 12:02d}.{10000 + number:05d}",
        subjects=tuple(rng.sample(SUBJECTS, rng.randint(1, 2))),
        abstract=_sentence(rng, WORDS, rng.randint(120, 180)).capitalize() + ".",
        abstract_zh=_sentence(rng, ZH_WORDS, rng.randint(80, 120), sep="") + "。",
    )


def synthetic_digests(papers: int, seed: int = 1) -> Iterator[Digest]:
    """``papers`` papers as daily digests, oldest first; the same arguments give the same digests."""
    rng = random.Random(seed)
    for day, first in enumerate(range(0, papers, PAPERS_PER_DAY)):
        date = START + dt.timedelta(days=day)
        batch = tuple(synthetic_paper(i, rng) for i in range(first, min(first + PAPERS_PER_DAY, papers)))
        yield Digest(date=date, title=f"Synthetic digest {date.isoformat()}", papers=batch)


def write_synthetic(folder: Path, papers: int, seed: int = 1) -> int:
    """Write ``papers`` papers as daily digests under ``folder``; returns the number of files."""
    files = 0
    for digest in synthetic_digests(papers, seed):
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
    args = parser.parse_args()
    print(f"wrote {write_synthetic(args.out, args.papers)} digests to {args.out}")


if __name__ == "__main__":
    main()
