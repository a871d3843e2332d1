// The search page's script, the only JavaScript on the site. It loads the site's own
// Pagefind bundle (no CDN), reads the query and filters from the form (a plain GET form,
// so a search is a shareable address), and lists results: both titles, authors, date and
// a highlighted excerpt, each linking to the paper's page.

const PAGE_SIZE = 20;
const form = document.getElementById("search");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const segmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

let pagefind = null;
let results = [];
let shown = 0;
let generation = 0;
let timer = 0;

// The index segmented Chinese into words; a query must be cut the same way ("扩散模型" -> "扩散 模型").
function words(text) {
  if (!segmenter || !CJK.test(text)) return text;
  return Array.from(segmenter.segment(text), (s) => (s.isWordLike ? s.segment : " ")).join(" ").replace(/\s+/g, " ").trim();
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

function card(data) {
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
  article.append(excerpt(data.excerpt || ""));
  return article;
}

async function showMore() {
  const mine = generation;
  const batch = results.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (mine !== generation) return;
  shown += batch.length;
  list.append(...data.map(card));
  more.hidden = shown >= results.length;
}

// Beside each subject and year: how many papers match the words with that value (filters
// aside); with no words, how many the site has.
function updateCounts(counts) {
  for (const span of form.querySelectorAll("[data-filter]")) {
    span.dataset.all ??= span.textContent;
    const count = counts ? counts[span.dataset.filter]?.[span.dataset.value] ?? 0 : span.dataset.all;
    span.textContent = String(count);
  }
}

async function run() {
  const mine = ++generation;
  const query = input.value.trim();
  const chosen = filters();
  writeAddress();
  if (!query && !checked("subject").length && !checked("year").length) {
    updateCounts(null);
    results = [];
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "Type a word of a title, an author or an abstract, in English or Chinese.";
    return;
  }
  status.textContent = "Searching…";
  const options = query ? { filters: chosen } : { filters: chosen, sort: { date: "desc" } };
  const search = await pagefind.search(query ? words(query) : null, options);
  if (mine !== generation) return;
  results = search.results;
  shown = 0;
  list.replaceChildren();
  updateCounts(query ? search.totalFilters : null);
  await showMore();
  if (mine !== generation) return;
  const found = `${results.length} paper${results.length === 1 ? "" : "s"}`;
  status.textContent = query ? `${found} for “${query}”` : `${found}, newest first`;
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
