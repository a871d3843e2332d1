// The search page's script, the only JavaScript on the site. It loads the site's own
// Pagefind bundles (no CDN), reads the query and filters from the form (a plain GET form,
// so a search is a shareable address), and lists results: both titles, authors, date and
// a highlighted excerpt of the abstract, each linking to the paper's page.
//
// The index is in shards, a Pagefind bundle a month of papers, newest first, merged into
// one Pagefind (mergeIndex): one ranking, filter counts summed. Each paper's shard is a
// filter too (``shard``), so that a search can be kept to some shards.
//
// Beyond Pagefind's own ranking: an arXiv id (bare, arXiv:, with a version, or a URL) offers
// its paper alone, from the paper's own page (papers/ID/); a query
// that could be a full name also looks up that author's word, and their papers come first.
// A shard where no word starts with a query's word answers with a shorter prefix ("Q" for
// "qwertyzz", "di" for "diffusion"): one result of it shows it, and the search is then kept
// to the other shards, results and counts; when no shard holds every word whole, the page
// says which word no paper has and lists the prefix matches as near matches, labelled so.

const PAGE_SIZE = 20;
const form = document.getElementById("search");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const FACETS = ["subject", "year"];
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
// An arXiv id as a reader pastes it: bare, "arXiv:", a version, or an abs/pdf/html URL.
const ARXIV = /^(?:(?:https?:\/\/)?(?:[a-z0-9-]+\.)*arxiv\.org\/(?:abs|pdf|html)\/|arxiv\s*:?\s*)?(\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?(?:\.pdf)?\/?$/i;
// A query that could be a full name: two to four words of letters ("Wei Wang", "Ivana Balažević").
const NAME = /^\p{L}[\p{L}'.-]*(?:\s+\p{L}[\p{L}'.-]*){1,3}$/u;
const segmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

let pagefind = null;
let results = [];
let shown = 0;
let generation = 0;
let timer = 0;

// The index holds Chinese cut into words, a space around each (search/chinese.py); a query
// must be cut the same way ("扩散模型" -> "扩散 模型").
function words(text) {
  if (!segmenter || !CJK.test(text)) return text;
  return Array.from(segmenter.segment(text), (s) => (s.isWordLike ? s.segment : " ")).join(" ").replace(/\s+/g, " ").trim();
}

// The bare id of an arXiv id query, old-style archives lowercased, else null.
function arxivId(query) {
  const found = ARXIV.exec(query.trim());
  if (!found) return null;
  const id = found[1];
  return id.includes("/") ? id.replace(/^[^/]+/, (archive) => archive.replace(/^[a-z-]+/i, (a) => a.toLowerCase())) : id;
}

// Letters and digits only, accents dropped, lowercase: how words are compared.
function plain(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

// The word the index holds for an author (search/records.py: author_word): ASCII letters and
// digits only; null when there are none.
const ascii = (text) => plain(text).replace(/[^a-z0-9]+/g, "");
const nameWord = (name) => (ascii(name) ? `au${ascii(name)}0` : null);

// The words of the query as the index cut them (Chinese segmented), each to be held whole.
function checkedTerms(query) {
  return words(query).split(/\s+/).map(plain).filter(Boolean);
}

// The words Pagefind marked as matches in a result's excerpts (the page's and its sections').
function matchedWords(data) {
  const excerpts = [data.excerpt || "", ...(data.sub_results || []).map((sub) => sub.excerpt || "")];
  return excerpts.flatMap((html) => Array.from(html.matchAll(/<mark>([^<]*)<\/mark>/g), (found) => plain(found[1])));
}

// Whether the result holds the term as a word or the start of one ("transformer" in
// "transformers"), not only a shorter prefix of it ("Transfer" for "Transfromer", "Q" for
// "qwertyzz": what Pagefind matches when no word of the index starts with the term).
function holdsWhole(data, term) {
  return matchedWords(data).some((word) => word.startsWith(term));
}

function checked(name) {
  return Array.from(form.querySelectorAll(`input[name="${name}"]:checked`), (box) => box.value);
}

// A paper matches when it has any chosen subject and any chosen year. A facet with nothing
// chosen is sent as [] (matches every paper), so that Pagefind counts every facet's values.
function filters() {
  const chosen = {};
  for (const name of ["subject", "year"]) {
    const values = checked(name);
    chosen[name] = values.length ? { any: values } : [];
  }
  return chosen;
}

function readAddress() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    box.checked = params.getAll(box.name).includes(box.value);
  }
}

function writeAddress() {
  const params = new URLSearchParams(new FormData(form));
  if (!input.value.trim()) params.delete("q");
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// Chinese text carries lang="zh" (the page is English): text mostly in Chinese characters.
function marked(node) {
  const text = node.textContent;
  const chinese = (text.match(/[\u3400-\u9fff\uf900-\ufaff]/g) || []).length;
  if (chinese && chinese * 3 > (text.match(/[A-Za-z]/g) || []).length) node.lang = "zh";
  return node;
}

// The excerpt, from the abstracts alone: Pagefind's excerpt of the page's own section (the
// abstracts; the titles and authors are a section of their own), else the abstract's start.
function abstractExcerpt(data) {
  const own = (data.sub_results || []).find((sub) => sub.url === data.url);
  if (own) return own.excerpt;
  const text = unspaced(data.content || "");
  const end = data.meta?.title ? text.lastIndexOf(data.meta.title) : -1;
  const lead = (end > 0 ? text.slice(0, end) : "").trim();
  const cut = lead.length > 240 ? `${lead.slice(0, 240).replace(/\s+\S*$/, "")}…` : lead;
  return cut.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
}

// Indexed text as written: without the spaces the index put between Chinese words and
// between a Chinese word and punctuation ("扩散 <mark>模型</mark> 。" -> "扩散<mark>模型</mark>。").
const SPACED = /(\p{Script=Han}|\p{P})((?:<\/?mark>)*) ((?:<\/?mark>)*)(?=\p{Script=Han})|(\p{Script=Han})((?:<\/?mark>)*) ((?:<\/?mark>)*)(?=\p{P})/gu;
const unspaced = (text) => text.replace(SPACED, "$1$2$3$4$5$6");

// Pagefind escapes the text and marks matches with <mark>; keep only text and <mark>.
function excerpt(html) {
  const parsed = document.createElement("template");
  parsed.innerHTML = unspaced(html);
  const paragraph = element("p", "ex");
  for (const node of parsed.content.childNodes) {
    paragraph.append(node.nodeName === "MARK" ? element("mark", "", node.textContent) : node.textContent);
  }
  return marked(paragraph);
}

function card(data, near = false) {
  const meta = data.meta || {};
  const article = element("article", "card");
  const heading = element("h3");
  const link = element("a", "", meta.title || data.url);
  link.href = data.url;
  link.lang = meta.title_lang || "en";
  heading.append(link);
  article.append(heading);
  if (meta.title_zh) article.append(marked(element("p", "zh", meta.title_zh)));
  const byline = [meta.authors, meta.date].filter(Boolean).join(" · ");
  if (byline) article.append(marked(element("p", "au", byline)));
  article.append(excerpt(abstractExcerpt(data)));
  if (near) {
    article.classList.add("near");
    article.prepend(element("p", "near-label", "Near match"));
  }
  return article;
}

// The next page of results (entries of ``merge``); near matches labelled as such.
async function showMore() {
  const mine = generation;
  const batch = results.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(batch.map((entry) => entry.result.data()));
  if (mine !== generation) return;
  shown += batch.length;
  list.append(...data.map((item, at) => card(item, batch[at].near)));
  more.hidden = shown >= results.length;
}

// Beside each subject and year: how many papers match the words and the other facet's
// selection with that value; with neither, how many the site has.
function updateCounts(counts) {
  for (const span of form.querySelectorAll("[data-filter]")) {
    span.dataset.all ??= span.textContent;
    const facet = counts[span.dataset.filter];
    span.textContent = String(facet ? facet[span.dataset.value] ?? 0 : span.dataset.all);
  }
}

function clear(message) {
  results = [];
  list.replaceChildren();
  more.hidden = true;
  status.textContent = message;
}

// Whether each shard with results for ``term`` holds every checked term whole: a shard where
// no word starts with a term answers with a shorter prefix of it, and then every result of
// it does, so one result of each shard tells. The first page's results are looked at, then
// the best result of each shard not among them (a search filtered to that shard).
async function shardVerdicts(term, terms, all) {
  const verdict = {};
  const judge = (data) => (verdict[data.filters?.shard?.[0]] ??= terms.every((word) => holdsWhole(data, word)));
  const first = await Promise.all(all.results.slice(0, PAGE_SIZE).map((result) => result.data()));
  first.forEach(judge);
  const counted = all.filters.shard || {};
  let unseen = Object.keys(counted).filter((shard) => counted[shard] && !(shard in verdict));
  while (unseen.length) {
    // The best results of the shards not judged yet, one search for them all: each round judges at least one.
    const next = (await pagefind.search(term, { filters: { shard: { any: unseen } } })).results;
    const data = await Promise.all(next.slice(0, PAGE_SIZE).map((result) => result.data()));
    data.forEach(judge);
    const left = unseen.filter((shard) => !(shard in verdict));
    if (left.length === unseen.length) for (const shard of left) verdict[shard] = true; // no result: nothing to judge
    unseen = left;
  }
  return { verdict, first };
}

// The filters of a search, kept to the shards that hold every term whole (all shards when no shard is near).
function within(filters, whole) {
  return whole ? { ...filters, shard: { any: whole } } : filters;
}

// Each facet counted under the other facets' selection (its own would leave only the chosen
// values); a facet with nothing chosen reuses the main search's counts.
async function facetCounts(term, chosen, main, whole) {
  const counts = {};
  for (const name of FACETS) {
    const narrowed = FACETS.some((other) => other !== name && checked(other).length);
    if (!term && !narrowed) counts[name] = null;
    else if (!checked(name).length) counts[name] = main[name] || {};
    else counts[name] = (await pagefind.search(term, { filters: within({ ...chosen, [name]: [] }, whole) })).filters[name] || {};
  }
  return counts;
}

// An arXiv id: its paper alone, when the site has it. A paper with an arXiv id has its page
// at papers/ID/ (an old-style id's "/" made "-"): the page itself answers, at once, without
// searching every shard for the id's word.
async function showId(mine, id) {
  status.textContent = "Searching…";
  const url = `${form.dataset.base}papers/${id.replace("/", "-")}/`;
  const page = await fetch(url).then((answer) => (answer.ok ? answer.text() : null), () => null);
  if (mine !== generation) return;
  const html = page && new DOMParser().parseFromString(page, "text/html");
  const title = html?.querySelector("main h1")?.textContent?.trim();
  clear(title ? `arXiv:${id} is on this site:` : `No paper on this site has arXiv:${id}.`);
  if (title) {
    const subtitle = html.querySelector("main .sub[lang=zh]")?.textContent?.trim();
    list.append(card({ url, meta: { title, title_lang: html.querySelector("main h1").lang || "en", title_zh: subtitle } }));
    return;
  }
  const link = element("a", "", `arXiv:${id} on arxiv.org`);
  link.href = `https://arxiv.org/abs/${id}`;
  status.append(" ", link);
}

// A full name's papers first: those holding the author's word itself (a shard without it
// answers with a prefix: other names), then the rest as ranked.
async function rankAuthorFirst(query, options, found) {
  const word = NAME.test(query) ? nameWord(query) : null;
  if (!word) return found;
  const named = (await pagefind.search(word, options)).results.slice(0, PAGE_SIZE);
  const data = await Promise.all(named.map((result) => result.data()));
  const byName = named.filter((_, at) => holdsWhole(data[at], word));
  const ids = new Set(byName.map((result) => result.id));
  return [...byName, ...found.filter((result) => !ids.has(result.id))];
}

function statusOf(query, count, missing) {
  const found = `${count} paper${count === 1 ? "" : "s"}`;
  if (!query) return `${found}, newest first`;
  if (!count && !missing.length) return `No paper has “${query}”.`;
  if (missing.length) return `No paper has “${missing.join("”, “")}”. Near matches, with words that begin the same: ${count}.`;
  return `${found} for “${query}”`;
}

// The results of a query: those of the shards that hold every word whole, with their counts;
// when no shard does, the prefix matches, as near matches, and the words no paper has.
async function answer(term, terms, chosen) {
  // The facets named, none restricting ([]): Pagefind counts the values of the filters a search
  // names (not ``shard``'s: its filter chunks cost as much again at 110 shards).
  const all = await pagefind.search(term, { filters: Object.fromEntries(FACETS.map((name) => [name, []])) });
  const { verdict, first } = await shardVerdicts(term, terms, all);
  const whole = Object.keys(verdict).filter((shard) => verdict[shard]);
  const anyNear = whole.length < Object.keys(verdict).length;
  if (anyNear && !whole.length) {
    const missing = terms.filter((word) => !first.some((data) => holdsWhole(data, word)));
    const near = (await pagefind.search(term, { filters: chosen })).results;
    return { found: near, near: true, missing, counts: {}, kept: null };
  }
  const kept = anyNear ? whole : null;
  // Nothing chosen and no shard near: the same search as ``all`` (searching every shard again cost
  // as much as the first search at 110 shards, bench/search_browser.py).
  const same = !kept && FACETS.every((name) => !checked(name).length);
  const main = same ? all : await pagefind.search(term, { filters: within(chosen, kept) });
  return { found: main.results, near: false, missing: [], counts: main.filters, kept };
}

async function run() {
  const mine = ++generation;
  const query = input.value.trim();
  const chosen = filters();
  writeAddress();
  if (!query && !checked("subject").length && !checked("year").length) {
    updateCounts({});
    clear("Type a word of a title, an author or an abstract, in English or Chinese, or an arXiv id.");
    return;
  }
  const id = query && arxivId(query);
  if (id) return showId(mine, id);
  status.textContent = "Searching…";
  const term = query ? words(query) : null;
  const found = query ? await answer(term, checkedTerms(query), chosen) : await listed(chosen);
  const options = { filters: within(chosen, found.kept) };
  const ranked = query && !found.near ? await rankAuthorFirst(query, options, found.found) : found.found;
  const none = Object.fromEntries(FACETS.map((name) => [name, {}])); // near matches count for no value
  const counts = found.near ? none : await facetCounts(term, chosen, found.counts, found.kept);
  if (mine !== generation) return;
  results = ranked.map((result) => ({ result, near: found.near }));
  shown = 0;
  list.replaceChildren();
  updateCounts(counts);
  await showMore();
  if (mine !== generation) return;
  status.textContent = statusOf(query, results.length, found.missing);
}

// Papers of the chosen filters without words: newest first.
async function listed(chosen) {
  const main = await pagefind.search(null, { filters: chosen, sort: { date: "desc" } });
  return { found: main.results, near: false, missing: [], counts: main.filters, kept: null };
}

function later() {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
}

// The newest shard's bundle opened, the others merged into it: one Pagefind (one worker,
// one WebAssembly module) searching every shard, their results ranked together and their
// filter counts summed.
async function openShards() {
  const [first, ...others] = form.dataset.bundles.split(" ").filter(Boolean);
  if (!first) return null;
  const opened = await import(`${first}pagefind.js`);
  await opened.options({ baseUrl: form.dataset.base, excerptLength: 40 });
  await Promise.all(others.map((bundle) => opened.mergeIndex(bundle, { baseUrl: form.dataset.base })));
  return opened;
}

async function start() {
  readAddress();
  try {
    pagefind = await openShards();
  } catch (error) {
    status.textContent = "The search index could not be loaded.";
    throw error;
  }
  if (!pagefind) return clear("This site has no papers yet.");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("input", later);
  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox") run();
  });
  more.addEventListener("click", showMore);
  await run();
}

start();
