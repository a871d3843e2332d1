// The search page's script, the only JavaScript on the site. It loads the site's own
// Pagefind bundle (no CDN), reads the query and filters from the form (a plain GET form,
// so a search is a shareable address), and lists results: both titles, authors, date and
// a highlighted excerpt of the abstract, each linking to the paper's page.
//
// Beyond Pagefind's own ranking: an arXiv id (bare, arXiv:, with a version, or a URL) is
// looked up as the one word the index holds for it and its paper offered alone; a query
// that could be a full name also looks up that author's word, and their papers come first;
// a word that no result holds whole (Pagefind then matches a shorter prefix, "Q" for
// "qwertyzz") is reported as found in no paper, and such results are labelled near matches.

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
let missingTerms = [];
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

// Letters and digits only, accents dropped, lowercase: how the index's own words are made.
function plain(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "");
}

// The words the index holds for an arXiv id and for an author (search/records.py: id_word, author_word).
const idWord = (id) => `arxiv${plain(id)}`;
const nameWord = (name) => `au${plain(name)}0`;

// Words of the query that the whole-word check applies to (Chinese is segmented, not checked).
function checkedTerms(query) {
  return query.split(/\s+/).filter((word) => word && !CJK.test(word)).map(plain).filter(Boolean);
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

// The next page of results; near matches labelled as such.
async function showMore() {
  const mine = generation;
  const batch = results.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (mine !== generation) return;
  shown += batch.length;
  list.append(...data.map((item) => card(item, missingTerms.length > 0)));
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

// Each facet counted under the other facets' selection (its own would leave only the chosen values).
async function facetCounts(terms, chosen) {
  const counts = {};
  for (const name of FACETS) {
    const others = { ...chosen, [name]: [] };
    const narrowed = FACETS.some((other) => other !== name && checked(other).length);
    counts[name] = terms || narrowed ? (await pagefind.search(terms, { filters: others })).filters[name] || {} : null;
  }
  return counts;
}

function clear(message) {
  results = [];
  missingTerms = [];
  list.replaceChildren();
  more.hidden = true;
  status.textContent = message;
}

// An arXiv id: its paper alone, when the site has it (the id's word matches that paper only;
// a shorter prefix that Pagefind falls back to is told apart by the paper's own id).
async function showId(mine, id) {
  status.textContent = "Searching…";
  const search = await pagefind.search(idWord(id));
  const data = await Promise.all(search.results.slice(0, 5).map((result) => result.data()));
  if (mine !== generation) return;
  const exact = data.filter((item) => item.meta?.arxiv === id);
  clear(exact.length ? `arXiv:${id} is on this site:` : `No paper on this site has arXiv:${id}.`);
  list.append(...exact.map(card));
  if (!exact.length) {
    const link = element("a", "", `arXiv:${id} on arxiv.org`);
    link.href = `https://arxiv.org/abs/${id}`;
    status.append(" ", link);
  }
}

// A full name's papers first: those holding the author's word, then the rest as Pagefind ranks them.
// When no author has that name, Pagefind matches a shorter prefix ("auwei…"): the first result
// then lacks the word itself, and the name is not taken for an author's.
async function rankAuthorFirst(query, chosen, found) {
  if (!NAME.test(query)) return found;
  const word = nameWord(query);
  const byName = (await pagefind.search(word, { filters: chosen })).results;
  if (!byName.length || !holdsWhole(await byName[0].data(), word)) return found;
  const ids = new Set(byName.map((result) => result.id));
  for (const result of byName) result.byName = true; // matched by the name's word, not by its words
  return [...byName, ...found.filter((result) => !ids.has(result.id))];
}

// The terms of the query that no result holds whole: the results are near matches for them.
// Pagefind falls back to a shorter prefix only for a term that begins no word of the index,
// so one page of results tells (an author's papers matched by the name's word are left out).
function missingFrom(terms, loaded) {
  const own = loaded.filter((item) => !item.byName);
  return own.length ? terms.filter((term) => !own.some((item) => holdsWhole(item.data, term))) : [];
}

function statusOf(query) {
  const found = `${results.length} paper${results.length === 1 ? "" : "s"}`;
  if (!query) return `${found}, newest first`;
  if (!missingTerms.length) return `${found} for “${query}”`;
  const none = `No paper has “${missingTerms.join("”, “")}”.`;
  return results.length ? `${none} Near matches, with words that begin the same: ${results.length}` : none;
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
  const terms = query ? words(query) : null;
  const options = query ? { filters: chosen } : { filters: chosen, sort: { date: "desc" } };
  const search = await pagefind.search(terms, options);
  const found = query ? await rankAuthorFirst(query, chosen, search.results) : search.results;
  const counts = await facetCounts(terms, chosen);
  if (mine !== generation) return;
  const first = await Promise.all(found.slice(0, PAGE_SIZE).map((result) => result.data()));
  if (mine !== generation) return;
  results = found;
  const loaded = first.map((data, at) => ({ data, byName: Boolean(found[at].byName) }));
  missingTerms = query ? missingFrom(checkedTerms(query), loaded) : [];
  shown = 0;
  list.replaceChildren();
  updateCounts(counts);
  await showMore();
  if (mine !== generation) return;
  status.textContent = statusOf(query);
}

function later() {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
}

async function start() {
  readAddress();
  try {
    pagefind = await import(`${form.dataset.bundle}pagefind.js`);
    await pagefind.options({ baseUrl: form.dataset.base, excerptLength: 40 });
  } catch (error) {
    status.textContent = "The search index could not be loaded.";
    throw error;
  }
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
