// The search page's script, the only JavaScript on the site. It loads the site's own
// Pagefind bundles (no CDN), reads the query and filters from the form (a plain GET form,
// so a search is a shareable address), and lists results: both titles, authors, date and
// a highlighted excerpt of the abstract, each linking to the paper's page.
//
// The index is in shards, a Pagefind bundle a quarter of papers, newest first; each is
// opened as a Pagefind instance of its own and searched alike, and their results merged by
// score (by date, newest first, without words), their filter counts summed.
//
// Beyond Pagefind's own ranking: an arXiv id (bare, arXiv:, with a version, or a URL) is
// looked up as the one word the index holds for it and its paper offered alone; a query
// that could be a full name also looks up that author's word, and their papers come first.
// A shard where no word starts with a query's word answers with a shorter prefix ("Q" for
// "qwertyzz", "di" for "diffusion"): its best result shows it, and its results are left out
// of the results and the counts; when no shard holds every word whole, the page says which
// word no paper has and lists those results as near matches, labelled so.

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

let shards = [];
let results = [];
let shown = 0;
let generation = 0;
let timer = 0;

// The index segmented Chinese into words; a query must be cut the same way ("扩散模型" -> "扩散 模型").
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

// The words the index holds for an arXiv id and for an author (search/records.py: id_word,
// author_word): ASCII letters and digits only; null when there are none.
const ascii = (text) => plain(text).replace(/[^a-z0-9]+/g, "");
const idWord = (id) => `arxiv${ascii(id)}`;
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
  const text = (data.content || "").replaceAll("\u200B", "");
  const end = data.meta?.title ? text.lastIndexOf(data.meta.title) : -1;
  const lead = (end > 0 ? text.slice(0, end) : "").trim();
  const cut = lead.length > 240 ? `${lead.slice(0, 240).replace(/\s+\S*$/, "")}…` : lead;
  return cut.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
}

// Pagefind escapes the text and marks matches with <mark>; keep only text and <mark>.
function excerpt(html) {
  const parsed = document.createElement("template");
  parsed.innerHTML = html;
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

// One shard's answer: its results, its filter counts, and whether it answered with a shorter
// prefix of a checked term (then every result of it did: its best one is looked at).
async function searchShard(shard, term, options, terms) {
  const answer = await shard.search(term, options);
  const best = terms.length && answer.results.length ? await answer.results[0].data() : null;
  const lacking = best ? terms.filter((word) => !holdsWhole(best, word)) : [];
  return { results: answer.results, filters: answer.filters || {}, lacking };
}

// Every shard searched alike; ``terms``: the words each result must hold whole.
function searchAll(term, options, terms = []) {
  return Promise.all(shards.map((shard) => searchShard(shard, term, options, terms)));
}

// The merged answer: the results of the shards that hold every term whole, by score (or in
// shard order, newest first, when sorted by date), and apart those of the others (near); the
// counts summed over the first.
function merge(answers, byScore) {
  const entries = (near) =>
    answers.filter((answer) => (answer.lacking.length > 0) === near)
      .flatMap((answer) => answer.results.map((result) => ({ result, near })));
  const order = (list) => (byScore ? list.sort((a, b) => b.result.score - a.result.score) : list);
  const whole = order(entries(false));
  const counts = sum(answers.filter((answer) => !answer.lacking.length).map((answer) => answer.filters));
  const nearTerms = answers.flatMap((answer) => answer.lacking);
  return { whole, near: order(entries(true)), counts, nearTerms };
}

function sum(filterSets) {
  const total = {};
  for (const filters of filterSets) {
    for (const [name, values] of Object.entries(filters)) {
      total[name] ??= {};
      for (const [value, count] of Object.entries(values)) total[name][value] = (total[name][value] || 0) + count;
    }
  }
  return total;
}

// Each facet counted under the other facets' selection (its own would leave only the chosen
// values); a facet with nothing chosen elsewhere reuses the main search's counts.
async function facetCounts(term, chosen, main, terms) {
  const counts = {};
  for (const name of FACETS) {
    const narrowed = FACETS.some((other) => other !== name && checked(other).length);
    if (!term && !narrowed) counts[name] = null;
    else if (!checked(name).length) counts[name] = main[name] || {};
    else counts[name] = merge(await searchAll(term, { filters: { ...chosen, [name]: [] } }, terms), true).counts[name] || {};
  }
  return counts;
}

// An arXiv id: its paper alone, when the site has it. The id's word is in one shard; the
// others answer with a prefix, told apart by their best result's own id.
async function showId(mine, id) {
  status.textContent = "Searching…";
  const answers = await Promise.all(shards.map((shard) => shard.search(idWord(id))));
  const best = answers.filter((answer) => answer.results.length).map((answer) => answer.results[0]);
  const data = await Promise.all(best.map((result) => result.data()));
  if (mine !== generation) return;
  const exact = data.filter((item) => item.meta?.arxiv === id);
  clear(exact.length ? `arXiv:${id} is on this site:` : `No paper on this site has arXiv:${id}.`);
  list.append(...exact.map((item) => card(item)));
  if (!exact.length) {
    const link = element("a", "", `arXiv:${id} on arxiv.org`);
    link.href = `https://arxiv.org/abs/${id}`;
    status.append(" ", link);
  }
}

// A full name's papers first: those holding the author's word (in the shards that hold it
// whole), then the rest as ranked.
async function rankAuthorFirst(query, chosen, whole) {
  const word = NAME.test(query) ? nameWord(query) : null;
  if (!word) return whole;
  const byName = merge(await searchAll(word, { filters: chosen }, [word]), true).whole;
  const ids = new Set(byName.map((entry) => entry.result.id));
  return [...byName, ...whole.filter((entry) => !ids.has(entry.result.id))];
}

function statusOf(query, whole, near, missing) {
  const found = `${whole.length} paper${whole.length === 1 ? "" : "s"}`;
  if (!query) return `${found}, newest first`;
  if (!whole.length && !near.length) return `No paper has “${query}”.`;
  const nearly = near.length ? ` Near matches, with words that begin the same: ${near.length}.` : "";
  if (missing.length) return `No paper has “${missing.join("”, “")}”.${nearly}`;
  return `${found} for “${query}”`;
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
  const terms = query ? checkedTerms(query) : [];
  const options = query ? { filters: chosen } : { filters: chosen, sort: { date: "desc" } };
  const main = merge(await searchAll(term, options, terms), Boolean(query));
  const whole = query ? await rankAuthorFirst(query, chosen, main.whole) : main.whole;
  const counts = await facetCounts(term, chosen, main.counts, terms);
  if (mine !== generation) return;
  const missing = terms.filter((word) => main.nearTerms.includes(word) && !main.whole.length);
  results = whole.length ? whole : main.near; // near matches only when nothing matches whole
  shown = 0;
  list.replaceChildren();
  updateCounts(counts);
  await showMore();
  if (mine !== generation) return;
  status.textContent = statusOf(query, whole, main.near, missing);
}

function later() {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
}

// Every shard's bundle opened as a Pagefind instance of its own (each module URL is one).
async function openShards() {
  const bundles = form.dataset.bundles.split(" ").filter(Boolean);
  return Promise.all(
    bundles.map(async (bundle) => {
      const shard = await import(`${bundle}pagefind.js`);
      await shard.options({ baseUrl: form.dataset.base, excerptLength: 40 });
      return shard;
    }),
  );
}

async function start() {
  readAddress();
  try {
    shards = await openShards();
  } catch (error) {
    status.textContent = "The search index could not be loaded.";
    throw error;
  }
  if (!shards.length) return clear("This site has no papers yet.");
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
