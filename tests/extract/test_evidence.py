"""Field evidence: arXiv ids in every written form, what a link points to, author lines, text shape.

Each table holds the forms that digest posts print; negatives sit beside the positives, so that
a looser rule shows up as a failing row.
"""

from __future__ import annotations

import time

import pytest

from digestgen.arxiv import arxiv_in_link, badge_arxiv, find_arxiv_ids, normalize_arxiv
from digestgen.extract.authors import looks_like_authors, looks_like_one_name, split_authors, strip_et_al
from digestgen.extract.text import is_chinese, is_paragraph, is_title_case, is_title_like
from digestgen.extract.urls import LinkKind, classify_url, is_code_url, is_image_url, is_project_url

# arXiv ids ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "arxiv_id"),
    [
        # as printed
        ("2306.01667", "2306.01667"),
        ("2306.01667v2", "2306.01667"),
        ("arXiv:2306.01667", "2306.01667"),
        ("arXiv: 2306.01667v3", "2306.01667"),
        ("arXiv 2306.01667v2", "2306.01667"),
        ("[2306.01667]", "2306.01667"),
        ("0704.0001", "0704.0001"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("arXiv:MATH.gt/0309136", "math.GT/0309136"),
        # arxiv.org, with or without a scheme
        ("https://arxiv.org/abs/2306.01667", "2306.01667"),
        ("http://arxiv.org/abs/2301.09637v1", "2301.09637"),
        ("https://arxiv.org/pdf/2306.01667v1.pdf", "2306.01667"),
        ("https://arxiv.org/pdf/2306.01667.pdf", "2306.01667"),
        ("https://arxiv.org/html/2306.01667v2/", "2306.01667"),
        ("https://arxiv.org/ps/2512.03003", "2512.03003"),
        ("https://arxiv.org/format/2512.03003", "2512.03003"),
        ("https://arxiv.org/abs/2306.01667?context=cs", "2306.01667"),
        ("https://arxiv.org/abs/2306.01667#S3", "2306.01667"),
        ("http://export.arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("arxiv.org/abs/2306.01667", "2306.01667"),
        ("www.arxiv.org/pdf/2306.01667v4", "2306.01667"),
        # mirrors that keep the paper under its id
        ("https://huggingface.co/papers/2309.03926", "2309.03926"),
        ("https://www.alphaxiv.org/abs/2306.01667", "2306.01667"),
        ("https://www.alphaxiv.org/overview/2306.01667v1", "2306.01667"),
        ("https://papers.cool/arxiv/2306.01667", "2306.01667"),
        ("https://ar5iv.labs.arxiv.org/html/2306.01667", "2306.01667"),
        ("https://ar5iv.org/abs/2306.01667", "2306.01667"),
        ("https://www.semanticscholar.org/arxiv/2306.01667", "2306.01667"),
        ("https://api.semanticscholar.org/arXiv:2306.01667", "2306.01667"),
        # the DOI arXiv registers
        ("10.48550/arXiv.2306.01667", "2306.01667"),
        ("doi:10.48550/ARXIV.2306.01667", "2306.01667"),
        ("https://doi.org/10.48550/arXiv.2306.01667", "2306.01667"),
        ("https://dx.doi.org/10.48550/arxiv.2306.01667v2", "2306.01667"),
        # badges
        ("https://img.shields.io/badge/arXiv-2401.01234-b31b1b", "2401.01234"),
        ("https://img.shields.io/badge/arXiv-2401.01234-b31b1b.svg?logo=arxiv", "2401.01234"),
        ("https://img.shields.io/badge/Paper-arXiv%3A2401.01234v2-red", "2401.01234"),
        ("https://badgen.net/badge/arXiv/2401.01234/red", "2401.01234"),
        # a site's own link path or query carrying the id
        ("/202602/26/2602.12345v1-some-slug", "2602.12345"),
        ("/papers/2401.01234.html", "2401.01234"),
        ("https://example.org/daily/2401.01234", "2401.01234"),
        ("summary/2024-07/2407.01234.md", "2407.01234"),
        ("https://example.org/view?paper=2401.01234v1", "2401.01234"),
    ],
)
def test_normalize_arxiv(raw: str, arxiv_id: str) -> None:
    assert normalize_arxiv(raw) == arxiv_id


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "2306.016671",  # six digits
        "arXiv:2306.016671",
        "https://img.shields.io/badge/arXiv-Paper-%23D2691E?logo=arxiv",  # a badge without an id
        "https://img.shields.io/badge/version-1401.12345-blue",  # not well formed, no arXiv in it
        "https://example.com/2023/12/10/post",  # a date path
        "https://example.com/2023.12.10/post",
        "https://example.com/releases/v1.2.3",
        "https://example.com/2413.01234-x",  # month 13
        "https://example.com/2400.01234",  # month 00
        "https://example.com/1905.1234",  # four digits after 2014
        "https://example.com/1201.12345",  # five digits before 2015
        "https://example.com/notes-2401.01234",  # the id does not start the segment
        "https://example.com/2401.01234abc",
        "https://doi.org/10.1101/2023.01.12.523456",  # a bioRxiv DOI
        "https://doi.org/10.1145/3292500.3330919",
        "2401.01234-foo",  # not a link
        "https://github.com/a/b",
    ],
)
def test_normalize_arxiv_rejects(raw: str) -> None:
    assert normalize_arxiv(raw) is None


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("see arXiv:2306.01667 and arXiv 2306.01668v2, [2306.01669]", ["2306.01667", "2306.01668", "2306.01669"]),
        ("arxiv.org/abs/2306.01670 (no scheme)", ["2306.01670"]),
        ("PDF: https://arxiv.org/pdf/2306.01667v2.pdf.", ["2306.01667"]),
        ("DOI: 10.48550/arXiv.2306.01671", ["2306.01671"]),
        ("(https://huggingface.co/papers/2309.03926)", ["2309.03926"]),
        ("https://www.alphaxiv.org/overview/2306.01667 and papers.cool/arxiv/2306.01668", ["2306.01667", "2306.01668"]),
        ("![arXiv](https://img.shields.io/badge/arXiv-2401.01234-b31b1b)", ["2401.01234"]),
        ("[Title](/202602/26/2602.20557v1-gensr-symbolic)", ["2602.20557"]),
        ("arXiv:hep-th/9901001", ["hep-th/9901001"]),
        ("arXiv：2306.01672，代码见下", ["2306.01672"]),
        ("论文编号2306.01673。", ["2306.01673"]),
        ("2306.01667 then arXiv:2306.01667v2 again", ["2306.01667"]),
        # not ids: dates, versions, DOIs of other registries, too many digits
        ("version 2023.12345 released 2024.01.15", []),
        ("1401.12345 and 1905.1234 are not well formed", []),
        ("DOI: 10.5121/csit.2023.130405", []),
        ("v1.2306.01667", []),
        ("2306.016671 is too long", []),
        ("arXiv:2306.016671", []),
    ],
)
def test_find_arxiv_ids(text: str, ids: list[str]) -> None:
    assert find_arxiv_ids(text) == ids


def test_only_links_read_ids_out_of_paths() -> None:
    assert arxiv_in_link("https://example.org/p/2401.01234-slug") == "2401.01234"
    assert arxiv_in_link("2401.01234-slug") is None
    assert badge_arxiv("https://img.shields.io/badge/arXiv-2401.01234-b31b1b") == "2401.01234"
    assert badge_arxiv("https://example.org/badge/arXiv-2401.01234-b31b1b") is None


# links -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        # arXiv and the sites that show a paper under its id
        ("https://arxiv.org/abs/2306.01667", LinkKind.ARXIV),
        ("https://arxiv.org/ps/2306.01667", LinkKind.ARXIV),
        ("https://huggingface.co/papers/2309.03926", LinkKind.ARXIV),
        ("https://doi.org/10.48550/arXiv.2306.01667", LinkKind.ARXIV),
        ("https://img.shields.io/badge/arXiv-2401.01234-b31b1b", LinkKind.ARXIV),
        ("https://example.org/202602/26/2602.12345v1-some-slug", LinkKind.ARXIV),
        ("https://arxiv.org/list/cs.CV/recent", LinkKind.OTHER),
        # code
        ("https://github.com/user/repo", LinkKind.CODE),
        ("https://github.com/user/repo/tree/main/src", LinkKind.CODE),
        ("https://github.com/user/repo/blob/main/README.md", LinkKind.CODE),
        ("https://gitlab.com/group/repo", LinkKind.CODE),
        ("https://gitee.com/user/repo", LinkKind.CODE),
        ("https://bitbucket.org/user/repo", LinkKind.CODE),
        ("https://codeberg.org/user/repo", LinkKind.CODE),
        ("https://gitlab.inria.fr/team/repo", LinkKind.CODE),
        ("https://git.io/JxYz", LinkKind.CODE),
        ("https://github.com/user", LinkKind.OTHER),
        ("https://github.com/topics/llm", LinkKind.OTHER),
        ("https://github.com/user/repo/issues/12", LinkKind.OTHER),
        ("https://user.github.io", LinkKind.OTHER),
        ("https://user.github.io/project/", LinkKind.OTHER),
        ("https://huggingface.co/spaces/user/demo", LinkKind.OTHER),
        ("https://huggingface.co/org/model-8B", LinkKind.OTHER),
        ("https://huggingface.co/papers?date=2023-09-11", LinkKind.OTHER),
        # a document kept in a repository is the entry's page, not code
        ("https://github.com/user/reading/blob/main/ml/Some%20Title.md", LinkKind.PAPER),
        ("https://gitlab.com/user/repo/-/blob/main/paper.pdf", LinkKind.PAPER),
        # paper pages
        ("https://doi.org/10.1145/3581783.3612345", LinkKind.PAPER),
        ("https://aclanthology.org/2023.acl-long.1/", LinkKind.PAPER),
        ("https://openreview.net/forum?id=abc", LinkKind.PAPER),
        ("https://openreview.net/pdf?id=abc", LinkKind.PAPER),
        ("https://openreview.net/group?id=ICLR.cc/2024/Conference", LinkKind.OTHER),
        ("https://proceedings.neurips.cc/paper_files/paper/2023/hash/abc-Abstract.html", LinkKind.PAPER),
        ("https://openaccess.thecvf.com/content/CVPR2023/html/X_Title_CVPR_2023_paper.html", LinkKind.PAPER),
        ("https://ieeexplore.ieee.org/document/1234567", LinkKind.PAPER),
        ("https://ieeexplore.ieee.org/author/37085", LinkKind.OTHER),
        ("https://dl.acm.org/doi/10.1145/3581783.3612345", LinkKind.PAPER),
        ("https://link.springer.com/chapter/10.1007/978-3-031-19812-0_1", LinkKind.PAPER),
        ("https://www.sciencedirect.com/science/article/pii/S0000000000000000", LinkKind.PAPER),
        ("https://www.biorxiv.org/content/10.1101/2023.01.12.523456v1", LinkKind.PAPER),
        ("https://www.medrxiv.org/content/10.1101/2023.01.12.23284444v1", LinkKind.PAPER),
        ("https://papers.ssrn.com/sol3/papers.cfm?abstract_id=4567890", LinkKind.PAPER),
        ("https://www.semanticscholar.org/paper/Title/0123abcd", LinkKind.PAPER),
        ("https://www.semanticscholar.org/author/Name/123", LinkKind.OTHER),
        ("https://paperswithcode.com/paper/some-title", LinkKind.PAPER),
        ("https://paperswithcode.com/method/attention", LinkKind.OTHER),
        ("https://www.science.org/doi/10.1126/sciadv.abq6147", LinkKind.PAPER),
        ("https://proceedings.neurips.cc/", LinkKind.OTHER),  # a home page, not a paper
        # the rest
        ("https://img.shields.io/badge/Code-GitHub-black", LinkKind.OTHER),
        ("https://github.com/user/repo/raw/main/teaser.png", LinkKind.OTHER),
        ("https://bit.ly/grok", LinkKind.OTHER),
        ("not a url", LinkKind.OTHER),
        ("https://[broken", LinkKind.OTHER),
    ],
)
def test_link_kinds(url: str, kind: LinkKind) -> None:
    assert classify_url(url) is kind


@pytest.mark.parametrize(
    ("url", "image", "project", "code"),
    [
        ("https://img.shields.io/badge/arXiv-2401.01234-b31b1b", True, False, False),
        ("https://awesome.re/badge.svg", True, False, False),
        ("https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png", True, False, False),
        ("https://user.github.io/Project/teaser.JPG", True, True, False),
        ("https://user.github.io/project/", False, True, False),
        ("https://sites.google.com/view/some-project", False, True, False),
        ("https://lab.example.edu/projects/gaussian-city", False, True, False),
        ("https://github.com/user/user.github.io", False, False, True),
        ("https://example.com/blog/post", False, False, False),
    ],
)
def test_image_project_code_links(url: str, image: bool, project: bool, code: bool) -> None:
    assert is_image_url(url) is image
    assert is_project_url(url) is project
    assert is_code_url(url) is code


# author lines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names"),
    [
        # separators
        ("Ann Lee, Bo Chen, and Carl Diaz", ["Ann Lee", "Bo Chen", "Carl Diaz"]),
        ("Ann Lee, Bo Chen and Carl Diaz", ["Ann Lee", "Bo Chen", "Carl Diaz"]),
        ("Ann Lee & Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Authors: Ann Lee, Bo Chen and Carl Diaz", ["Ann Lee", "Bo Chen", "Carl Diaz"]),
        ("张三，李四、王五", ["张三", "李四", "王五"]),
        ("欧阳娜娜、司马懿", ["欧阳娜娜", "司马懿"]),
        (
            "Pieter M. van Staden, Peter A. Forsyth, Yuying Li",
            ["Pieter M. van Staden", "Peter A. Forsyth", "Yuying Li"],
        ),
        ("Haritha GB, Sahana N.B", ["Haritha GB", "Sahana N.B"]),
        # "Last, First" kept as printed, one string per person
        ("Smith, John; Doe, Jane", ["Smith, John", "Doe, Jane"]),
        ("Smith, John; Doe, Jane and Roe, Rick", ["Smith, John", "Doe, Jane", "Roe, Rick"]),
        ("Smith, J., Doe, A.", ["Smith, J.", "Doe, A."]),
        ("Li, Y., Wang, X.-M., and Zhang, Z.", ["Li, Y.", "Wang, X.-M.", "Zhang, Z."]),
        # elisions
        ("Hengkai Ye, Zhechang Zhang, Jinyuan Jia 等 4 位作者", ["Hengkai Ye", "Zhechang Zhang", "Jinyuan Jia"]),
        ("张三, 李四等12人", ["张三", "李四"]),
        ("张三、李四等", ["张三", "李四"]),
        ("Ann Lee, Bo Chen, ...", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee, Bo Chen …", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee, Bo Chen, et al.", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee, Bo Chen and 5 others", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee, Bo Chen, and others", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee, Bo Chen +3 more", ["Ann Lee", "Bo Chen"]),
        # footnote marks and affiliations
        ("Ann Lee1,2, Bo Chen2*, Carl Diaz†", ["Ann Lee", "Bo Chen", "Carl Diaz"]),
        ("Ann Lee¹, Bo Chen²", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee (MIT), Bo Chen (Stanford University)", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee (MIT, CSAIL), Bo Chen (Stanford)", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee [1], Bo Chen [2]", ["Ann Lee", "Bo Chen"]),
        ("Zhang San (Tsinghua University), Li Si (Peking University)", ["Zhang San", "Li Si"]),
        ("张三（清华大学）、李四（北京大学）", ["张三", "李四"]),
    ],
)
def test_author_lines_split_as_printed(line: str, names: list[str]) -> None:
    assert split_authors(line) == names
    assert looks_like_authors(line)


@pytest.mark.parametrize(
    ("value", "names"),
    [
        # labelled values: split even where the shape alone would not convince
        ("Ann Lee (unclosed, Bo Chen", ["Ann Lee (unclosed", "Bo Chen"]),
        ("Christian Flamant", ["Christian Flamant"]),
        ("Mingkuan Yan", ["Mingkuan Yan"]),
        ("**Authors:** Ann Lee, Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("  Ann   Lee ,\tBo Chen  ", ["Ann Lee", "Bo Chen"]),
        ("et al.", []),
        ("", []),
    ],
)
def test_split_authors_of_labelled_values(value: str, names: list[str]) -> None:
    assert split_authors(value) == names


@pytest.mark.parametrize(
    ("text", "rest", "marked"),
    [
        ("A. Smith et al.", "A. Smith", True),
        ("A. Smith, et. al.", "A. Smith", True),
        ("李四等人", "李四", True),
        ("李四 等 12 位作者", "李四", True),
        ("Ann Lee and 12 more authors", "Ann Lee", True),
        ("Ann Lee +3", "Ann Lee", True),
        ("Thomas More", "Thomas More", False),  # a surname, not "+3 more"
        ("Ann Lee", "Ann Lee", False),
    ],
)
def test_strip_et_al(text: str, rest: str, marked: bool) -> None:
    assert strip_et_al(text) == (rest, marked)


@pytest.mark.parametrize(
    "line",
    [
        # titles, also with commas
        "Deep Networks Always Grok and Here is Why",
        "Sparse, Dense, and Attentional Representations for Text Retrieval",
        "Vision, Language, and Action",
        "Burstormer: Burst Image Restoration and Enhancement Transformer",
        "Values, Distribution and Prices, Reproduction and Profits",  # a title's second line
        # sentences
        "We propose a new method, which is fast, simple and robust.",
        "Large deep learning models have achieved remarkable success, however training them is hard.",
        "上下文学习已经彻底改变了自然语言处理领域，减轻了对特定任务模型的需求。",
        # venues and dates
        "CVPR 2024",
        "CVPR 2024, Oral",
        "Accepted at NeurIPS 2023",
        "Published: 12 March, 2024",
        # tags, topics and subject lines
        "Transformer, Diffusion, NeRF",
        "LLM, Agent, RAG",
        "NeRF, Gaussian Splatting, SLAM",
        "Computer Vision, Machine Learning, Robotics",
        "Computer Vision and Pattern Recognition (cs.CV)",
        "Large Language Models, Reasoning, Benchmark",
        "Image Super-Resolution, Denoising, Deblurring",
        "Code, Data and Models",
        "Tags: Diffusion, Shadow Removal",
        "推理、大模型、多模态",
        "强化学习、计算机视觉、自然语言处理",
        # affiliations
        "Tsinghua University, Peking University",
        "Google Research & Stanford University",
    ],
)
def test_lines_that_are_not_authors(line: str) -> None:
    assert not looks_like_authors(line)


@pytest.mark.parametrize(
    ("text", "one_name"),
    [
        ("Tom Hardy", True),
        ("张三", True),
        ("欧阳娜娜", True),
        ("Robotics", False),
        ("大模型", False),
        ("Vision Model", False),
    ],
)
def test_looks_like_one_name(text: str, one_name: bool) -> None:
    assert looks_like_one_name(text) is one_name


# shape of text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "paragraph", "chinese"),
    [
        # titles with colons, question marks, acronyms
        (
            "SeaLLMs 3: Open Foundation and Chat Multilingual Large Language Models for Southeast Asian Languages",
            True,
            False,
            False,
        ),
        ("We-Math: Does Your Large Multimodal Model Achieve Human-like Mathematical Reasoning?", True, False, False),
        (
            "Retrieval Augmented Generation or Long-Context LLMs? A Comprehensive Study and Hybrid Approach",
            True,
            False,
            False,
        ),
        ("Is Attention All You Need?", True, False, False),
        # Chinese titles with English acronyms and names
        ("Video2LoRA：通过每个参考视频 LoRA 生成统一语义控制视频", True, False, True),
        ("基于LLM的推荐系统综述", True, False, True),
        ("LLaVA-NeXT: 更强的多模态大模型", True, False, True),
        # prose
        (
            "Can large language models reason about the physical world when given only text descriptions?",
            True,
            True,
            False,
        ),
        ("is a many-to-English translator using XLM-R as a universal encoder. Here, they", True, True, False),
        ("We study the problem. Our method improves results on three benchmarks by a wide margin.", False, True, False),
        ("上下文学习已经彻底改变了自然语言处理领域，减轻了对特定任务模型的需求。", False, True, True),
        # cut off mid-clause
        ("Towards In-context Scene Understanding,", False, False, False),
    ],
)
def test_text_shape(text: str, title: bool, paragraph: bool, chinese: bool) -> None:
    assert is_title_like(text) is title
    assert is_paragraph(text) is paragraph
    assert is_chinese(text) is chinese


def test_title_case() -> None:
    assert is_title_case("Does Your Large Multimodal Model Achieve Human-like Reasoning?")
    assert not is_title_case("can large language models reason about the world?")
    assert not is_title_case("Why?")  # too few words to tell


# hostile input stays linear -----------------------------------------------------------

_HOSTILE = [
    "," * 1_000_000,
    "arxiv" + " " * 1_000_000,
    "arXiv:" * 200_000,
    "2306.01667v" * 100_000,
    "/2401.01234" * 100_000,
    "a." * 500_000 + "arxiv.org",
    "https://img.shields.io/badge/" + "arXiv-" * 200_000,
    "https://example.org/" + "2401.0123-" * 100_000,
]


@pytest.mark.parametrize("text", _HOSTILE, ids=range(len(_HOSTILE)))
def test_arxiv_and_links_are_linear(text: str) -> None:
    start = time.perf_counter()
    find_arxiv_ids(text)
    normalize_arxiv(text)
    classify_url(text)
    classify_url("https://" + text)
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize(
    "line",
    [
        "," * 1_000_000,
        "(" * 1_000_000,
        "Ann Lee (" * 100_000,
        "Ann Lee, " * 100_000,
        " " * 1_000_000 + "x",
        "等" * 1_000_000,
    ],
    ids=["commas", "opens", "unclosed", "names", "spaces", "deng"],
)
def test_author_and_text_rules_are_linear(line: str) -> None:
    start = time.perf_counter()
    split_authors(line)
    looks_like_authors(line)
    strip_et_al(line)
    is_paragraph(line)
    is_title_like(line)
    assert time.perf_counter() - start < 2.0
