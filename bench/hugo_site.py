"""The synthetic papers of ``synthetic.py`` as a Hugo site, for the speed ratio in ``bench/build.py``.

A small but complete theme, close to digestgen's output: a page per paper (both titles,
authors, subjects, both abstracts, links), taxonomies by date and by subject with paginated
term pages of paper cards, a paginated home page, and RSS feeds for the home page and
every term. Only the pages are compared; no CSS pipeline or search index.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from digestgen.records.model import Paper
from synthetic import synthetic_digests

CONFIG = """baseURL = "http://localhost:8000/"
title = "Paper Digests"
languageCode = "en"
paginate = 30
disableKinds = ["section"]
[taxonomies]
  subject = "subjects"
  date = "dates"
[outputs]
  home = ["HTML", "RSS"]
  taxonomy = ["HTML"]
  term = ["HTML", "RSS"]
"""

LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ with .Params.abstract }}{{ . | truncate 200 }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "/dates/" | relURL }}">Archive</a> <a href="{{ "/subjects/" | relURL }}">Subjects</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }} · <a href="{{ "/index.xml" | relURL }}">feed</a></footer></body></html>
""",
    "partials/card.html": """<article class="card"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="zh" lang="zh">{{ .Params.title_zh }}</p><p class="au">{{ delimit .Params.authors ", " }}</p>
<p class="ex">{{ .Params.abstract | truncate 240 }}</p>
<p class="meta">{{ range .GetTerms "subjects" }}<a class="chip" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ with .Params.arxiv }}<a href="https://arxiv.org/abs/{{ . }}">arXiv</a>{{ end }}</p></article>
""",
    "_default/single.html": """{{ define "main" }}<article class="paper">
<p class="kicker">{{ .Date.Format "2 Jan 2006" }} · arXiv:{{ .Params.arxiv }}</p>
<h1>{{ .Title }}</h1><p class="sub" lang="zh">{{ .Params.title_zh }}</p>
<p class="authors">{{ delimit .Params.authors ", " }}</p>
<p class="meta">{{ range .GetTerms "subjects" }}<a class="chip" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
<ul class="actions"><li><a href="https://arxiv.org/abs/{{ .Params.arxiv }}">arXiv</a></li>
<li><a href="https://arxiv.org/pdf/{{ .Params.arxiv }}">PDF</a></li></ul>
<section class="abstract"><h2>Abstract</h2><p>{{ .Params.abstract }}</p></section>
<section class="abstract" lang="zh"><h2>摘要</h2><p>{{ .Params.abstract_zh }}</p></section>
<section><h2>Appeared in</h2><ul>{{ range .GetTerms "dates" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></section>
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}{{ $pager := .Paginate site.RegularPages }}
{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}{{ template "_internal/pagination.html" . }}{{ end }}
""",
}


def write_hugo_site(folder: Path, papers: int) -> None:
    """The Hugo project of ``papers`` synthetic papers (the same as ``write_synthetic``'s)."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "content" / "papers").mkdir(parents=True)
    (folder / "config.toml").write_text(CONFIG)
    for name, text in LAYOUTS.items():
        (folder / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "layouts" / name).write_text(text)
    for digest in synthetic_digests(papers):
        assert digest.date is not None
        for paper in digest.papers:
            page = folder / "content" / "papers" / f"{paper.arxiv}.md"
            page.write_text(_front_matter(paper, digest.date.isoformat()), encoding="utf-8")


def _front_matter(paper: Paper, date: str) -> str:
    matter = {
        "title": paper.title,
        "title_zh": paper.title_zh,
        "date": date,
        "authors": list(paper.authors),
        "arxiv": paper.arxiv,
        "subjects": list(paper.subjects),
        "dates": [date],
        "abstract": paper.abstract,
        "abstract_zh": paper.abstract_zh,
    }
    return json.dumps(matter, ensure_ascii=False, indent=1) + "\n"
