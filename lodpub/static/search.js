// The search page: reads ?q=, asks the Pagefind index that `lodpub build` wrote into pagefind/,
// and lists the pages found. Every other page works without this script. The index comes in
// shards, each a Pagefind bundle that pagefind/indexes.json names; the first one's module
// searches them all.
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const input = document.getElementById("search-query");
// The site's root is this script's folder's parent: right at any base path.
const root = new URL("../", import.meta.url);

function say(da, en) {
  status.replaceChildren(...[["da", da], ["en", en]].map(([lang, text]) => {
    const span = document.createElement("span");
    span.className = lang;
    span.lang = lang;
    span.textContent = text;
    return span;
  }));
}

async function search(query) {
  const response = await fetch(new URL("pagefind/indexes.json", root));
  if (!response.ok) throw new Error(`pagefind/indexes.json: ${response.status}`);
  const [first, ...others] = await response.json();
  if (first === undefined) return show(query, { results: [] });
  const pagefind = await import(new URL(`pagefind/${first}pagefind.js`, root).href);
  await pagefind.options({ baseUrl: root.pathname });
  await Promise.all(others.map((other) => pagefind.mergeIndex(new URL(`pagefind/${other}`, root).href, { baseUrl: root.pathname })));
  return show(query, await pagefind.search(query));
}

async function show(query, found) {
  const shown = await Promise.all(found.results.slice(0, 50).map((result) => result.data()));
  list.replaceChildren(...shown.map((page) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title || page.url;
    const excerpt = document.createElement("p");
    excerpt.lang = "da";
    excerpt.innerHTML = page.excerpt; // Pagefind's own escaped text with <mark> around the words found
    const kind = document.createElement("small");
    kind.textContent = page.meta.kind ? ` (${page.meta.kind})` : "";
    item.append(link, kind, excerpt);
    return item;
  }));
  const count = found.results.length;
  if (count === 0) {
    say(`Intet fundet for ”${query}”.`, `Nothing found for “${query}”.`);
  } else {
    const more = count > shown.length;
    say(`${count} fundet for ”${query}”${more ? `; de første ${shown.length} vises` : ""}.`,
        `${count} found for “${query}”${more ? `; the first ${shown.length} shown` : ""}.`);
  }
}

const query = (new URLSearchParams(location.search).get("q") || "").trim();
input.value = query;
if (query) {
  say(`Søger efter ”${query}” …`, `Searching for “${query}” …`);
  search(query).catch((error) => say(`Søgningen fejlede: ${error.message}`, `The search failed: ${error.message}`));
}
