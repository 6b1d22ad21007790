/*
 * The search page's script: runs the archive's Pagefind index (pagefind/, made by the build from the article
 * pages) in the browser. It reads the query and the filters from the address (?q=...&outlet=...), searches as
 * the reader types, and lists the matching articles with an excerpt whose matching words are marked.
 *
 * The index comes in parts (data-parts), which the build makes side by side; they are merged into one search.
 * A page opened from disk (file://) cannot load the index; the page then says so and shows the command that
 * serves the site, as it does when loading the index fails. Every address comes from the page (the form's
 * data-index, data-parts and data-root attributes), so the search works at the root of a domain and under a
 * sub-path.
 */
(() => {
  "use strict";

  const form = document.getElementById("search");
  if (!form) {
    return;
  }
  const input = form.elements.namedItem("q");
  const selects = Array.from(form.querySelectorAll("select"));
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  /** Results listed at a time; "Show more results" adds as many again. */
  const PAGE_SIZE = 20;
  /** Milliseconds of quiet typing before a search runs. */
  const TYPING_DELAY = 250;

  let pagefind = null;
  let results = [];
  let shown = 0;
  let generation = 0;

  function readAddress() {
    const params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    for (const select of selects) {
      const wanted = params.get(select.name);
      if (wanted !== null && Array.from(select.options).some((option) => option.value === wanted)) {
        select.value = wanted;
      }
    }
  }

  function chosenFilters() {
    const filters = {};
    for (const select of selects) {
      if (select.value) {
        filters[select.name] = select.value;
      }
    }
    return filters;
  }

  function writeAddress(term, filters) {
    const params = new URLSearchParams();
    if (term) {
      params.set("q", term);
    }
    for (const [name, value] of Object.entries(filters)) {
      params.set(name, value);
    }
    const query = params.toString();
    window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  }

  function showUnavailable(reason) {
    const notice = document.getElementById("search-unavailable");
    for (const lead of notice.querySelectorAll("[data-reason]")) {
      lead.hidden = lead.dataset.reason !== reason;
    }
    if (reason === "file") {
      const folder = decodeURIComponent(new URL(form.dataset.root, window.location.href).pathname);
      notice.querySelector(".search-folder").textContent = ` (${folder})`;
    }
    notice.hidden = false;
    status.textContent = "";
  }

  /** The excerpt's text, with Pagefind's <mark> elements kept as marks and nothing else taken from its markup. */
  function excerptNodes(html) {
    const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstElementChild;
    const nodes = [];
    for (const node of parsed ? parsed.childNodes : []) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    }
    return nodes;
  }

  function resultItem(data) {
    const item = document.createElement("li");
    const title = document.createElement("p");
    title.className = "card-title";
    const link = document.createElement("a");
    link.href = form.dataset.root + data.raw_url.replace(/^\/+/, "");
    link.textContent = data.meta.title || data.raw_url;
    title.append(link);
    const meta = document.createElement("p");
    meta.className = "card-meta";
    meta.textContent = [data.meta.outlet, data.meta.date, data.meta.stance].filter(Boolean).join(" · ");
    const excerpt = document.createElement("p");
    excerpt.className = "search-excerpt";
    excerpt.append(...excerptNodes(data.excerpt));
    item.append(title, meta, excerpt);
    return item;
  }

  function describe(count, term, filters) {
    const filtered = Object.keys(filters).length > 0;
    const articles = count === 1 ? "1 article" : `${count} articles`;
    if (!term) {
      return count ? `${articles} ${count === 1 ? "has" : "have"} the chosen filters.` : "No article has the chosen filters.";
    }
    const words = `“${term}”${filtered ? " with the chosen filters" : ""}`;
    return count ? `${articles} ${count === 1 ? "matches" : "match"} ${words}.` : `No article matches ${words}.`;
  }

  /** List the next results (``fresh``: in place of those listed); false when a newer search came meanwhile. */
  async function showMore(mine, fresh) {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(batch.map((result) => result.data()));
    if (mine !== generation) {
      return false;
    }
    const items = data.map(resultItem);
    if (fresh) {
      list.replaceChildren(...items);
    } else {
      list.append(...items);
    }
    shown += batch.length;
    more.hidden = shown >= results.length;
    return true;
  }

  async function run(delay) {
    const mine = ++generation;
    const term = input.value.trim();
    const filters = chosenFilters();
    writeAddress(term, filters);
    if (!term && Object.keys(filters).length === 0) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Type the words to find, or choose a filter.";
      return;
    }
    const options = { filters };
    const search = delay ? await pagefind.debouncedSearch(term || null, options, delay) : await pagefind.search(term || null, options);
    if (search === null || mine !== generation) {
      return;
    }
    results = search.results;
    shown = 0;
    if (await showMore(mine, true)) {
      status.textContent = describe(results.length, term, filters);
    }
  }

  function searchSoon() {
    if (pagefind) {
      run(TYPING_DELAY);
    }
  }

  readAddress();
  if (window.location.protocol === "file:") {
    showUnavailable("file");
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (pagefind) {
      run(0);
    }
  });
  input.addEventListener("input", searchSoon);
  for (const select of selects) {
    select.addEventListener("change", () => pagefind && run(0));
  }
  more.addEventListener("click", () => showMore(generation, false));

  status.textContent = "Loading the search index…";
  import(new URL(form.dataset.index, window.location.href).href)
    .then(async (module) => {
      await module.options({ excerptLength: 30 });
      await module.init();
      for (const part of (form.dataset.parts || "").split(" ").filter(Boolean)) {
        await module.mergeIndex(new URL(part, window.location.href).href);
      }
      return module;
    })
    .then(
      (module) => {
        pagefind = module;
        return run(0);
      },
      (error) => {
        console.info("The search index could not be loaded:", error);
        showUnavailable("failed");
      },
    );
})();
