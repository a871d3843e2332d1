"""What digest sites print besides papers, and the words they label fields with — as data.

Extraction's rules are general (lines, labels, entries); everything specific to one
site or one language of labels lives in these tables, so that a new site's quirks are
a few lines here rather than new code.
"""

from __future__ import annotations

import re
from typing import Final

from digestgen.extract.text import normalize_key

# Field labels as posts print them ("作者：", "**Authors:**", "【摘要】"), mapped to the
# slot they fill. Keys are compared case-folded with inner spaces removed. The slots:
# title (language decides title / title_zh), title_zh, title_en, authors, affiliations,
# abstract (language decides abstract / abstract_zh), link (the paper's own link; also
# takes a title when the value is a linked title), code, project (links), subjects,
# note, tags, skip (known but not kept: dates, page counts).
LABELS: Final[dict[str, str]] = {
    **dict.fromkeys(
        [
            "标题",
            "title",
            "论文标题",
            "文章标题",
            "题目",
            "论文题目",
            "papertitle",
            "名称",
            "论文名称",
            "获奖论文",
            "论文原文",
            "原文标题",
            # a newsletter's own headline, then "Read more: <the paper's title> (arXiv)."
            "readmore",
            "readthepaper",
        ],
        "title",
    ),
    **dict.fromkeys(["中文标题", "中文题目", "中文名", "标题翻译", "译名", "翻译标题", "中文"], "title_zh"),
    **dict.fromkeys(
        ["英文标题", "英文题目", "原标题", "englishtitle", "原文标题", "原文", "originaltitle"], "title_en"
    ),
    **dict.fromkeys(
        ["作者", "authors", "author", "作者列表", "作者们", "by", "论文作者", "文章作者", "作者信息", "writers"],
        "authors",
    ),
    **dict.fromkeys(
        [
            "机构",
            "单位",
            "作者单位",
            "作者机构",
            "研究机构",
            "所属机构",
            "affiliations",
            "affiliation",
            "institution",
            "institutions",
            "组织",
        ],
        "affiliations",
    ),
    **dict.fromkeys(
        [
            "摘要",
            "简介",
            "abstract",
            "summary",
            "tl;dr",
            "tldr",
            "论文简介",
            "内容简介",
            "中文摘要",
            "英文摘要",
            "概要",
            "内容摘要",
            "论文摘要",
            "摘要翻译",
            "导读",
            "一句话总结",
            "一句话要点",
            "一句话",
            "一句话介绍",
            "一句话简介",
            "主要工作",
            "本文主要工作",
            "本文的主要工作",
            "论文主要工作",
            "主要贡献",
            "核心贡献",
            "论文总结",
            "中文翻译",
            "英文原文",
            "tl;dr",
            "overview",
        ],
        "abstract",
    ),
    **dict.fromkeys(
        [
            "文章链接",
            "获取地址",
            "下载地址",
            "paperaddress",
            "论文链接",
            "论文地址",
            "原文链接",
            "原文地址",
            "链接",
            "文章地址",
            "论文下载",
            "pdf",
            "pdf链接",
            "pdf地址",
            "arxiv",
            "arxiv链接",
            "arxiv地址",
            "arxivid",
            "paperlink",
            "link",
            "links",
            "url",
            "paper",
            "论文",
            "文章",
            "原文",
            "paperurl",
            "doi",
        ],
        "link",
    ),
    **dict.fromkeys(
        [
            "项目代码",
            "代码",
            "代码链接",
            "代码地址",
            "开源代码",
            "开源地址",
            "code",
            "github",
            "repo",
            "repository",
            "sourcecode",
            "源码",
            "源代码",
            "代码仓库",
            "github链接",
            "github地址",
            "codelink",
        ],
        "code",
    ),
    **dict.fromkeys(
        [
            "项目主页",
            "主页",
            "项目地址",
            "项目链接",
            "projectpage",
            "project",
            "homepage",
            "website",
            "demo",
            "video",
            "视频",
            "演示",
            "webpage",
            "projectwebsite",
        ],
        "project",
    ),
    **dict.fromkeys(
        [
            "subjects",
            "subject",
            "maincategory",
            "categories",
            "category",
            "primarycategory",
            "分类",
            "类别",
            "领域",
            "研究方向",
            "方向",
            "arxivcategory",
            "所属领域",
            "arxiv所属领域",
            "学科",
            "学科分类",
            "arxiv分类",
        ],
        "subjects",
    ),
    **dict.fromkeys(
        [
            "备注",
            "comments",
            "comment",
            "注释",
            "会议",
            "收录",
            "venue",
            "conference",
            "journal",
            "期刊",
            "发表",
            "发表会议",
            "发表期刊",
            "录用",
            "录用会议",
            "接收会议",
            "出处",
            "accepted",
            "acceptedat",
            "publishedin",
            "note",
            "notes",
            "笔记",
        ],
        "note",
    ),
    **dict.fromkeys(["关键词", "keywords", "keyword", "tags", "标签", "核心关键词"], "tags"),
    **dict.fromkeys(
        [
            "日期",
            "date",
            "发布日期",
            "published",
            "publishdate",
            "submitted",
            "发表日期",
            "更新日期",
            "时间",
            "页数",
            "pages",
            "评分",
            "分数",
            "打分",
            "推荐指数",
            "推荐度",
            "score",
            "rating",
            "relevance",
            "novelty",
            "clarity",
            "overall",
            "引用数",
            "citations",
            "基本信息",
            "主要亮点",
            "亮点",
            "为什么值得关注",
            "主要限制",
            "局限",
            "发布",
            "发布时间",
            "msc-class",
            "acm-class",
            "report-no",
            "journal-ref",
            # a reading group's schedule: who presents, where, and the slides
            "presenter",
            "presenters",
            "speaker",
            "discussant",
            "slides",
            "recording",
            "room",
            "location",
            "主讲",
            "主讲人",
            "报告人",
            "汇报人",
            "分享人",
            "地点",
            "课件",
        ],
        "skip",
    ),
}

# Japanese digests (Zenn, Qiita, note) label their entries too; their Japanese titles and
# summaries have no field of their own (see text.is_other_cjk).
LABELS.update(
    {
        **dict.fromkeys(["著者", "共著者", "著者名"], "authors"),
        **dict.fromkeys(["コード", "実装", "ソースコード", "リポジトリ"], "code"),
        **dict.fromkeys(["論文", "リンク", "論文リンク"], "link"),
        **dict.fromkeys(["英題", "原題", "英語タイトル"], "title_en"),
        **dict.fromkeys(["邦題", "日本語タイトル", "ひとこと", "所感", "感想"], "note"),
        **dict.fromkeys(["要約", "アブスト", "概要"], "abstract"),
        **dict.fromkeys(["所属", "所属機関"], "affiliations"),
        **dict.fromkeys(["プロジェクトページ"], "project"),
    }
)

HEADER_SLOTS: Final[dict[str, str]] = {
    **dict.fromkeys(["paper", "papers", "论文", "文章", "name", "论文名", "paperName", "标题/title"], "title"),
    **dict.fromkeys(["links", "link", "pdf", "arxiv", "链接", "地址", "url", "id", "paperid", "编号"], "link"),
    **dict.fromkeys(["primary"], "subjects"),  # a listing's or a dataframe's primary category
    **dict.fromkeys(["summary", "tldr", "一句话要点", "简介", "要点", "概要", "说明", "description"], "abstract"),
    **dict.fromkeys(["date", "日期", "year", "年份", "method", "方法", "model", "模型", "#", "no", "序号"], "skip"),
}
"""Column headers whose meaning differs from the same word as a label: a "Paper" column holds the title."""

# Lines that are page furniture when they are all the line says (after digits, bullets
# and punctuation are stripped). Compared case-folded.
CHROME_WORDS: Final = frozenset(
    """点赞 收藏 评论 打赏 分享 举报 关注 提交 实付 获取中 规则 余额充值 添加红包 发出的红包 打赏作者
    扫码支付 使用余额支付 点击重新获取 目录 文章目录 回到顶部 返回顶部 展开 收起 阅读全文 复制 复制链接
    backtotop top toc tableofcontents contents share like comment comments reply subscribe 分享到
    原创 转载 置顶 已关注 取消关注 私信 编辑 删除 版权 加入社区 订阅专栏 一键收藏 非常没帮助 没帮助
    一般 有帮助 非常有帮助 上一篇 下一篇 相关推荐 热门推荐 最新推荐 推荐阅读 往期回顾 往期推荐
    图片 image img 动图 gif""".split()
)

# Phrases that mark a short line as page furniture wherever they appear in it.
CHROME_PHRASES: Final = (
    "在这里插入图片描述",
    "图片来源",
    "版权问题",
    "联系删除",
    "侵删",
    "一键收藏",
    "对你有帮助么",
    "红包个数",
    "红包金额",
    "红包祝福语",
    "当前余额",
    "需支付",
    "成就一亿技术人",
    "钱包余额",
    "抵扣说明",
    "余额是钱包充值",
    "余额无法直接购买",
    "你的鼓励将是我创作的最大动力",
    "余额不足",
    "自动成为博主",
    "公众号",
    "公主号",
    "欢迎关注",
    "扫码关注",
    "点击关注",
    "关注我们",
    "资讯:",
    "资讯：",
    "觉得还不错",
    "文章被收录于专栏",
    "版权声明",
    "本文为博主原创",
    "转载请",
    "原文出处",
    "all rights reserved",
    "copyright ©",
    "subscribe to",
    "上一篇:",
    "上一篇：",
    "下一篇:",
    "下一篇：",
    "previous post",
    "next post",
    "read more",
    "阅读原文",
)
# Starts that mark a short line as furniture ("转自爱可可爱生活", "编辑：小王").
CHROME_PREFIXES: Final = ("转自", "转载自", "编辑:", "编辑：", "责编", "排版", "作者简介", "更多ai资讯", "更多资讯")
CHROME_PHRASE_MAX_CHARS: Final = 80
"""A line longer than this is text, even if it holds a chrome phrase."""

# A line of CHROME_WORDS from this set starts the page's footer: comments, tips, related
# posts. Everything after is furniture until a new entry start that carries a paper link.
FOOTER_WORDS: Final = frozenset(
    "点赞 收藏 打赏 评论 添加红包 相关推荐 热门推荐 最新推荐 推荐阅读 往期回顾 往期推荐 上一篇 下一篇 "
    "一键收藏 非常没帮助".split()
)
FOOTER_PHRASES: Final = (
    "对你有帮助么",
    "抵扣说明",
    "打赏作者",
    "成就一亿技术人",
    "文章被收录于专栏",
    # sign-offs that close a post's list of papers
    "以上就是本",
    "本期就到这里",
    "今天就到这里",
    "下期再见",
    "感谢阅读",
    "that's all for",
    "that's it for this",
    "thanks for reading",
    "see you next week",
    "until next time",
)

# Lines that close an abstract-only entry ("translated by 谷歌翻译" after each abstract).
TERMINATORS: Final = ("translatedby谷歌翻译", "translatedbygoogle", "由谷歌翻译", "机器翻译", "translatedby")
TERMINATOR_MAX_CHARS: Final = 40

# Summary-word starts of a Chinese paragraph: such a paragraph is a summary, never a title.
SUMMARY_STARTS: Final = (
    "本文",
    "本论文",
    "本研究",
    "我们",
    "该文",
    "该论文",
    "该研究",
    "这篇",
    "论文",
    "作者",
    "研究",
    "提出",
    "针对",
    "为了",
    "在",
    "对于",
    "通过",
    "随着",
)

# Hosts whose repository links are code; hosts whose links are the paper itself.
CODE_HOSTS: Final = frozenset(
    {"github.com", "gitlab.com", "gitee.com", "bitbucket.org", "codeberg.org", "sourceforge.net", "git.io"}
)
PAPER_HOSTS: Final = frozenset(
    {
        "doi.org",
        "dx.doi.org",
        "openreview.net",
        "aclanthology.org",
        "proceedings.neurips.cc",
        "papers.nips.cc",
        "openaccess.thecvf.com",
        "ieeexplore.ieee.org",
        "dl.acm.org",
        "link.springer.com",
        "sciencedirect.com",
        "nature.com",
        "science.org",
        "pnas.org",
        "biorxiv.org",
        "medrxiv.org",
        "proceedings.mlr.press",
        "jmlr.org",
        "ojs.aaai.org",
        "ijcai.org",
        "semanticscholar.org",
        "researchgate.net",
        "cell.com",
        "wiley.com",
        "tandfonline.com",
        "iopscience.iop.org",
        "academic.oup.com",
        "mdpi.com",
        "frontiersin.org",
        "plos.org",
        "chinaxiv.org",
        "cnki.net",
        "paperswithcode.com",
        "huggingface.co",
    }
)

# HTML: elements never read, and class/id words that mark page chrome around the article.
HTML_DROP_TAGS: Final = frozenset(
    "script style noscript template nav header footer aside form button select svg canvas iframe "
    "object embed input textarea".split()
)
HTML_CHROME_WORDS: Final = (
    "comment",
    "sidebar",
    "side-bar",
    "toolbar",
    "tool-box",
    "recommend",
    "related",
    "share",
    "footer",
    "navbar",
    "breadcrumb",
    "reward",
    "advert",
    "banner",
    "login",
    "copyright",
    "toc",
    "catalog",
    "skip-link",
    "back-to-top",
    "backtotop",
    "menu",
    "popup",
    "modal",
    "cookie",
)
# Containers that hold the article itself, tried in order; used when one holds most of the text.
HTML_ARTICLE_XPATHS: Final = (
    "//*[@id='content_views']",
    "//*[@itemprop='articleBody']",
    "//article[not(ancestor::aside)]",  # an article inside an aside is a link's preview card
    "//main",
    "//*[@role='main']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' markdown-body ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' post-content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' rich_media_content ')]",
)
# Site names that page titles append ("每日学术速递 - CSDN博客"), removed from the digest title.
TITLE_SUFFIX_WORDS: Final = ("csdn", "博客", "知乎", "blog", "github", "微信", "公众号", "cnblogs", "简书")


_HEADER_QUALIFIER = re.compile(r"[(（]([^()（）]{1,12})[)）]$")
_ENGLISH_WORDS = frozenset({"english", "en", "英文", "eng", "original", "原文"})
_CHINESE_WORDS = frozenset({"中文", "chinese", "zh", "cn", "译名", "翻译"})
_HEADER_PARTS = re.compile(r"\s*[&/、,，+]\s*|\s+and\s+")


def header_slot(name: str) -> str | None:
    """The slot a column header names: "Paper" (the title), "Links & Summary" (its first part, links)."""
    key = normalize_key(name.replace("\xa0", " ").strip(" *_#:：")).replace("_", "")  # "arxiv_id"
    qualified = _HEADER_QUALIFIER.search(key)
    if qualified and qualified.start():  # "Paper (English)", "标题（中文）"
        slot = header_slot(key[: qualified.start()])
        if slot in ("title", "title_en", "title_zh"):
            language = qualified.group(1)
            return "title_zh" if language in _CHINESE_WORDS else "title_en" if language in _ENGLISH_WORDS else slot
        return slot
    slot = HEADER_SLOTS.get(key) or LABELS.get(key)
    if slot is None:
        for part in _HEADER_PARTS.split(key):
            slot = HEADER_SLOTS.get(part) or LABELS.get(part)
            if slot:
                break
    return slot
