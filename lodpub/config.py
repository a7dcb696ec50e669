"""The dataset's settings (lodpub.toml), read once and passed explicitly."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError

CONFIG_NAME = "lodpub.toml"
BASE_PATTERN = r"https?://[^\s#?]+/"


@dataclass(frozen=True)
class Project:
    root: Path
    name: str  # short name of the dataset, used for file names such as dumps/{name}.ttl
    base: str  # ends with "/"
    title: dict[str, str]
    description: dict[str, str]
    licence: str
    publisher: str
    seeds: Path
    data: Path
    ontology: Path
    shapes: Path
    build: Path
    # The base the files of data/, ontology/ and shapes/ name things with (lodpub.toml's), when the
    # site is published under another one (`--base`); None: `base` itself. Pubby's "dataset base"
    # beside its "web base": the build rewrites IRIs under this one to `base` as it reads them.
    dataset_base: str | None = None
    # The most pages a shard of the search index holds (build/search.py): Pagefind takes about
    # 90 KB of memory a page, so this bounds what indexing needs.
    search_shard_pages: int = 8192

    @property
    def data_base(self) -> str:
        return self.dataset_base or self.base

    def published_at(self, base: str | None) -> Project:
        """The same project, published under `base` (None: as configured); UserError if not a base URI."""
        if base is None:
            return self.as_configured()
        base = base if base.endswith("/") else base + "/"
        if not re.fullmatch(BASE_PATTERN, base):
            raise UserError(f"--base must be an http(s) URI ending in '/', such as http://127.0.0.1:8000/, not {base!r}")
        if base == self.data_base:
            return self.as_configured()
        return dataclasses.replace(self, base=base, dataset_base=self.data_base)

    def as_configured(self) -> Project:
        """The project under the base lodpub.toml gives."""
        return dataclasses.replace(self, base=self.data_base, dataset_base=None)

    @property
    def reference(self) -> Path:
        return self.data / "reference"

    @property
    def vocab(self) -> str:
        return self.base + "vocab#"

    def iri(self, kind: str, key: str) -> str:
        return f"{self.base}id/{kind}/{key}"


def load(root: Path | None = None) -> Project:
    """Read lodpub.toml from `root` (default: the working directory)."""
    root = Path.cwd() if root is None else Path(root)
    path = root / CONFIG_NAME
    if not path.is_file():
        raise UserError(f"no {CONFIG_NAME} here; run lodpub from the project's top folder", root)
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UserError(f"not valid TOML: {error}", path, _toml_line(error)) from None
    dataset = settings.get("dataset", {})
    base = dataset.get("base", "")
    if not re.fullmatch(BASE_PATTERN, base):
        raise UserError(
            f"[dataset] base must be an http(s) URI ending in '/', not {base!r}", path
        )
    for field in ("title", "description"):
        value = dataset.get(field)
        if not isinstance(value, dict) or not {"da", "en"} <= value.keys():
            raise UserError(f"[dataset.{field}] needs both da and en", path)
    name = dataset.get("name", "")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise UserError(f"[dataset] name must be a short lower-case name such as 'ftsvar', not {name!r}", path)
    paths = settings.get("paths", {})
    search = settings.get("search", {})
    if not isinstance(search, dict):
        raise UserError("search must be a table: [search] shard_pages = 8192", path)
    shard_pages = search.get("shard_pages", Project.search_shard_pages)
    if type(shard_pages) is not int or shard_pages < 1:
        raise UserError(f"[search] shard_pages must be a whole number of pages, at least 1, not {shard_pages!r}", path)
    return Project(
        root=root,
        name=name,
        base=base,
        title=dict(dataset["title"]),
        description=dict(dataset["description"]),
        licence=dataset.get("licence", ""),
        publisher=dataset.get("publisher", ""),
        seeds=root / paths.get("seeds", "seeds"),
        data=root / paths.get("data", "data"),
        ontology=root / paths.get("ontology", "ontology"),
        shapes=root / paths.get("shapes", "shapes"),
        build=root / paths.get("build", "build"),
        search_shard_pages=shard_pages,
    )


def _toml_line(error: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else None
