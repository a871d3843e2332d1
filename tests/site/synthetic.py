"""Deterministic synthetic digests for tests that need many papers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

SUBJECTS = ("cs.CV", "cs.LG", "cs.CL", "cs.AI", "cs.RO", "stat.ML")


def write_digests(folder: Path, papers: int, per_day: int = 30, start: dt.date = dt.date(2024, 1, 1)) -> None:
    """``papers`` papers, ``per_day`` to a digest, both languages, several authors and subjects."""
    for day in range(-(-papers // per_day)):
        date = start + dt.timedelta(days=day)
        count = min(per_day, papers - day * per_day)
        lines = [f"date: {date.isoformat()}", f"title: 每日学术速递 {date:%Y.%m.%d}", "papers:"]
        for n in range(count):
            lines += _paper(day, n)
        path = folder / f"{date.year}" / f"{date.isoformat()}-daily.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _paper(day: int, n: int) -> list[str]:
    number = day * 100 + n
    subjects = [SUBJECTS[number % len(SUBJECTS)]] + ([SUBJECTS[(number + 1) % 6]] if number % 3 == 0 else [])
    authors = [f"Author{(number + k) % 997} Surname{k}" for k in range(3 + number % 6)]
    return [
        f"  - title: {json.dumps(f'Learning Representations for Task {number} with Sparse Mixtures')}",
        f"    title_zh: 第{number}号任务的稀疏混合表示学习",
        f"    authors: {json.dumps(authors)}",
        f'    arxiv: "24{1 + day % 12:02d}.{10000 + number % 90000:05d}"',
        f"    subjects: {json.dumps(subjects)}",
        f"    abstract: {json.dumps(_abstract_en(number))}",
        f"    abstract_zh: {json.dumps(_abstract_zh(number))}",
    ]


def _abstract_en(number: int) -> str:
    sentence = (
        "We study how sparse mixtures of experts learn representations that transfer across tasks, "
        "and show that routing by task similarity improves accuracy while halving compute. "
    )
    return f"Paper {number}. " + sentence * 4


def _abstract_zh(number: int) -> str:
    sentence = (
        "我们研究了稀疏专家混合模型如何学习可在任务之间迁移的表示，"
        + "并表明按任务相似度路由可在计算量减半的同时提高准确率。"
    )
    return f"论文{number}。" + sentence * 3
