"""The small pieces of extraction: decoding, URLs, dates, authors, subjects, line kinds."""

from __future__ import annotations

import datetime as dt

import pytest

from digestgen.extract.authors import looks_like_authors, split_authors
from digestgen.extract.decode import decode_bytes
from digestgen.extract.document import Line
from digestgen.extract.lines import Kind, classify
from digestgen.extract.post import clean_page_title, find_date, find_short_year_date, post_date
from digestgen.extract.tags import leading_tags, post_subject, subjects_in_value
from digestgen.extract.urls import LinkKind, classify_url, find_urls

SIMPLIFIED = "标题：迈向情境场景理解\n作者：张三，李四\n摘要：上下文学习已经彻底改变了自然语言处理领域。\n"
TRADITIONAL = "標題：邁向情境場景理解\n作者：張三，李四\n摘要：上下文學習已經徹底改變了自然語言處理領域。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (SIMPLIFIED.encode("utf-8-sig"), "utf-8-sig"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
        (SIMPLIFIED.encode("utf-16"), "utf-16"),
        (SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "big5", "utf16-bom", "utf16le-no-bom"],
)
def test_decode_encodings(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data, "post.txt")
    assert decoded.problems == ()
    assert decoded.text in (SIMPLIFIED, TRADITIONAL)
    assert decoded.encoding.replace("_", "-") == encoding


def test_decode_broken_bytes_warns_with_the_file_name() -> None:
    data = SIMPLIFIED.encode("utf-8")
    decoded = decode_bytes(data[:9] + b"\xff\xfe\xfd" + data[9:], "posts/broken.txt")
    assert "\ufffd" in decoded.text
    assert "迈向情境场景理解"[2:] in decoded.text
    (problem,) = decoded.problems
    assert str(problem).startswith("posts/broken.txt:1:10: warning: bytes at offset 9 are not valid utf-8")


def test_decode_normalises_newlines() -> None:
    assert decode_bytes(b"a\r\nb\rc\n", "x.txt").text == "a\nb\nc\n"


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        (
            "我们已经在https://github.com/mit-han-lab/distrifuser上公开了我们的代码。",
            ["https://github.com/mit-han-lab/distrifuser"],
        ),
        ("Code is available at https://github.com/a/b.", ["https://github.com/a/b"]),
        ("（代码：https://github.com/a/b）。", ["https://github.com/a/b"]),
        ("see (https://en.wikipedia.org/wiki/Foo_(bar)) now", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("two: https://a.org/x,https://b.org/y;", ["https://a.org/x,https://b.org/y"]),
        ("www.example.com/page, then", ["https://www.example.com/page"]),
        ("no link http:// here", []),
    ],
)
def test_find_urls(text: str, urls: list[str]) -> None:
    assert [found.url for found in find_urls(text)] == urls


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://arxiv.org/pdf/2306.01667v1.pdf", LinkKind.ARXIV),
        ("http://export.arxiv.org/abs/hep-th/9901001", LinkKind.ARXIV),
        ("https://github.com/a/b", LinkKind.CODE),
        ("https://gitee.com/a/b", LinkKind.CODE),
        ("https://doi.org/10.1000/182", LinkKind.PAPER),
        ("https://science.org/doi/epdf/10.1126/sciadv.abq6147", LinkKind.PAPER),
        ("https://openreview.net/forum?id=x", LinkKind.PAPER),
        ("https://a.github.io/project", LinkKind.OTHER),
        ("https://bit.ly/grok", LinkKind.OTHER),
    ],
)
def test_classify_url(url: str, kind: LinkKind) -> None:
    assert classify_url(url) is kind


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("CV论文--2024.3.4", dt.date(2024, 3, 4)),
        ("每日学术速递2024.03.14", dt.date(2024, 3, 14)),
        ("2025-12-18", dt.date(2025, 12, 18)),
        ("Updated on 2024.06.01", dt.date(2024, 6, 1)),
        ("2024年3月14日 论文速递", dt.date(2024, 3, 14)),
        ("Papers of March 14, 2024", dt.date(2024, 3, 14)),
        ("digest 14 Mar 2024", dt.date(2024, 3, 14)),
        ("速递20240314", dt.date(2024, 3, 14)),
        ("arXiv 2306.01667", None),
        ("2024.02.30 is no date", None),
    ],
)
def test_find_date(text: str, date: dt.date | None) -> None:
    assert find_date(text) == date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("CV论文--24.3.4", dt.date(2024, 3, 4)),
        ("25-07-01 daily", dt.date(2025, 7, 1)),
        ("v3.10.2 released", None),  # a version, not a date
        ("1.2.3", None),
        ("24.3-4", None),  # two different separators
        ("24.2.30", None),  # no such day
        ("99.1.1", None),  # outside 2010-2069
    ],
)
def test_find_short_year_date(text: str, date: dt.date | None) -> None:
    assert find_short_year_date(text) == date


def test_a_two_digit_year_counts_only_when_no_line_gives_a_full_date() -> None:
    assert post_date(["CV论文--24.3.4", "更新于 2024-03-05"]) == dt.date(2024, 3, 5)
    assert post_date(["CV论文--24.3.4", "今日论文"]) == dt.date(2024, 3, 4)


def test_clean_page_title() -> None:
    assert clean_page_title("每日学术速递2024.03.14_AiCharm的博客-CSDN博客") == "每日学术速递2024.03.14"


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("T Dettmers, M Lewis, Y Belkada, L Zettlemoyer", ["T Dettmers", "M Lewis", "Y Belkada", "L Zettlemoyer"]),
        ("R Daneshjou, R A Novoa, M Jenkins...", ["R Daneshjou", "R A Novoa", "M Jenkins"]),
        ("Xueqian Li et.al.", ["Xueqian Li"]),
        ("Ann Lee, Bo Chen and Carl Diaz", ["Ann Lee", "Bo Chen", "Carl Diaz"]),
        ("张三，李四、王五", ["张三", "李四", "王五"]),
        ("B Wang", ["B Wang"]),
    ],
)
def test_author_lines(line: str, names: list[str]) -> None:
    assert looks_like_authors(line)
    assert split_authors(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "Deep Networks Always Grok and Here is Why",
        "Large deep learning models have achieved remarkable success, however training them is hard.",
        "上下文学习已经彻底改变了自然语言处理领域，减轻了对特定任务模型的需求。",
    ],
)
def test_not_author_lines(line: str) -> None:
    assert not looks_like_authors(line)


def test_subjects() -> None:
    assert leading_tags("[LG] Title") == (("cs.LG",), "Title")
    assert leading_tags("[PDF] Title") == ((), "[PDF] Title")
    assert subjects_in_value("Computer Vision and Pattern Recognition (cs.CV); Machine Learning (cs.LG)") == (
        "cs.CV",
        "cs.LG",
    )
    assert post_subject("CV论文--2024.3.4") == "cs.CV"
    assert post_subject("每日学术速递2024.03.14") is None


@pytest.mark.parametrize(
    ("text", "kind", "slot"),
    [
        ("1、Deep Networks Always Grok", Kind.ENTRY, ""),
        ("【3】 A Title", Kind.ENTRY, ""),
        ("1.5B parameters are enough for this", Kind.TEXT, ""),
        ("1.余额是钱包充值的虚拟货币,按照1:1的比例进行支付金额的抵扣。", Kind.CHROME, ""),
        ("中文标题：深度网络", Kind.FIELD, "title_zh"),
        ("**Authors:** A B", Kind.FIELD, "authors"),
        ("【摘要】本文提出", Kind.FIELD, "abstract"),
        ("摘要", Kind.FIELD, "abstract"),
        ("Main category: cs.RO", Kind.FIELD, "subjects"),
        ("translated by 谷歌翻译", Kind.TERMINATOR, ""),
        ("CV - 计算机视觉 | LG - 机器学习", Kind.LEGEND, ""),
        ("[Google Research & Stanford University]", Kind.AFFILIATIONS, ""),
        ("https://arxiv.org/abs/2208.07339", Kind.URL, ""),
        ("点赞", Kind.FOOTER, ""),
        ("在这里插入图片描述", Kind.CHROME, ""),
        ("另外几篇值得关注的论文:", Kind.SECTION, ""),
    ],
)
def test_line_kinds(text: str, kind: Kind, slot: str) -> None:
    classified = classify(Line(text, 1))
    assert classified.kind is kind
    assert classified.slot == slot
