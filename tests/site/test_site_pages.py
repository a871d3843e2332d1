"""What each kind of page shows; page weight; pagination."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from site_helpers import parse

from digestgen.build.pipeline import BuildResult, build_site
from digestgen.render import make_config
from synthetic import write_digests


def _text(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


def test_a_paper_page_shows_everything_about_the_paper(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    page = _text(out, "papers/2402.19481/index.html")
    for expected in (
        "DistriFusion: Distributed Parallel Inference for High-Resolution Diffusion Models",
        '<p class="sub" lang="zh">DistriFusion：高分辨率扩散模型的分布式并行推理</p>',
        "Muyang Li, Tianle Cai",
        "MIT · Princeton University",
        'href="/subjects/cs.CV/"',
        'href="/subjects/cs.DC/"',
        'href="https://arxiv.org/abs/2402.19481"',
        'href="https://arxiv.org/pdf/2402.19481"',
        'href="https://github.com/mit-han-lab/distrifuser"',
        "Diffusion models have achieved great success",
        '<section class="abstract" lang="zh">',
        'href="/dates/2024-03-04/"',
        'href="/dates/2024-03-14/"',
        "@misc{arXiv:2402.19481,",
        "eprint = {2402.19481}",
    ):
        assert expected in page, expected


def test_a_paper_without_arxiv_id_has_its_own_link_and_stable_page(built_root: tuple[Path, BuildResult]) -> None:
    out, result = built_root
    (paper,) = [p for p in result.catalog.papers if p.record.url]
    page = _text(out, f"papers/{paper.slug}/index.html")
    assert 'href="https://doi.org/10.1000/example.123"' in page and "arxiv.org" not in page


def test_a_day_groups_its_papers_by_subject_with_links_to_other_days(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    page = _text(out, "dates/2024-03-14/index.html")
    groups = re.findall(r'<h2 id="([^"]+)">', page)
    assert groups == ["cs.CV", "cs.LG"]
    assert 'href="/dates/2024-03-04/" rel="prev"' in page and 'rel="next"' not in page
    assert page.count('<article class="card">') == 5
    assert "2024年3月14日 星期四" in page


def test_chinese_text_is_marked_as_chinese(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    page = parse((out / "dates/2024-03-04/index.html").read_bytes())
    html = _text(out, "dates/2024-03-04/index.html")
    assert '<p class="zh" lang="zh">深度网络总是让人摸不着头脑，原因如下</p>' in html
    assert '<p class="ex" lang="zh">本文探讨了' in html
    assert ("html", [("lang", "en")]) in page.tags


def test_the_archive_counts_each_paper_once_and_draws_each_year(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    page = _text(out, "archive/index.html")
    assert "8 papers on 3 dates." in page
    assert '<h2 id="y2024">2024 <span class="n">6 papers</span></h2>' in page  # DistriFusion once
    assert page.count('<svg class="heat"') == 2
    assert "<title>2024-03-14: 5 papers</title>" in page


def test_lists_are_paginated_with_page_one_at_the_list_url(tmp_path: Path) -> None:
    digests, out = tmp_path / "digests", tmp_path / "site"
    write_digests(digests, 90, per_day=10)
    config = dataclasses.replace(make_config("/"), dates_per_page=4, papers_per_page=5)
    build_site(digests, out, config)
    assert (out / "index.html").exists() and (out / "page/2/index.html").exists()
    assert (out / "page/3/index.html").exists() and not (out / "page/4").exists()
    assert not (out / "page/1").exists() and not (out / "subjects/cs.CV/page/1").exists()
    subject = _text(out, "subjects/cs.CV/index.html")
    assert 'href="/subjects/cs.CV/page/2/" rel="next"' in subject
    second = _text(out, "subjects/cs.CV/page/2/index.html")
    assert 'href="/subjects/cs.CV/" rel="prev"' in second


def test_a_day_of_30_papers_weighs_under_60_kb_with_its_css(tmp_path: Path) -> None:
    digests, out = tmp_path / "digests", tmp_path / "site"
    write_digests(digests, 30)
    build_site(digests, out, make_config("/"))
    html = (out / "dates/2024-01-01/index.html").read_bytes()
    (css,) = (out / "assets").glob("style.*.css")
    assert html.count(b'<article class="card">') == 30
    assert len(html) + css.stat().st_size < 60_000, (len(html), css.stat().st_size)
