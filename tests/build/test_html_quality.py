"""Every kind of HTML page is valid (Nu HTML Checker), accessible (axe-core) and fits a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from htmlcheck import (
    axe,
    browser,
    format_axe,
    format_vnu,
    serve_directory,
    unpacked_site,
    url_for,
    vnu_errors,
    vnu_messages,
)

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "html"

# One page of every kind the build writes.
PAGES = {
    "home": "index.html",
    "response": "doc/response/20151-uui-896-roede-kors.html",
    "question": "doc/question/20151-uui-896.html",
    "document": "doc/document/20151-uui-896.html",
    "organisation": "doc/organisation/udlaendingestyrelsen.html",
    "concept": "doc/offer-kind/mother-group.html",
    "overview": "overview.html",
    "answers": "doc/answer/index.html",
    "facet": "doc/answer/year/2016/index.html",
    "responses": "doc/response/index.html",
    "search": "search.html",
    "listing": "doc/organisation/index.html",
    "vocab": "vocab.html",
    "vocab-version": "vocab/0.1.0.html",
    "shapes": "shapes.html",
    "validation": "validation.html",
    "void": ".well-known/void.html",
    "dumps": "dumps/index.html",
}
PAGE_KINDS = list(PAGES)

# The language switch, as lodpub's templates write it: radio buttons #lang-da and #lang-en,
# bilingual text as <span class="da" lang="da">...</span><span class="en" lang="en">...</span>.
LANGUAGE_RADIO = "#lang-{}"
TEXT_IN = ".{}"

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def site_root(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory checked and served to the browser: the real build, with its doc/ pages
    (stored packed) unpacked at the names they are served at."""
    return unpacked_site(built_site, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def site_pages(site_root: Path) -> dict[str, Path]:
    """One HTML file of each page kind."""
    pages = {kind: site_root / page for kind, page in PAGES.items()}
    missing = [str(path) for path in pages.values() if not path.is_file()]
    assert not missing, f"no such pages: {missing}"
    return pages


@pytest.fixture(params=PAGE_KINDS)
def page_kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def page_path(site_pages: dict[str, Path], page_kind: str) -> Path:
    return site_pages[page_kind]


@pytest.fixture(scope="module")
def vnu_report(site_pages: dict[str, Path]) -> list[dict[str, Any]]:
    """One Nu HTML Checker run over all pages: the JVM takes seconds to start."""
    return vnu_messages(site_pages.values())


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as started:
        yield started


@pytest.fixture(scope="module")
def base_url(site_root: Path) -> Iterator[str]:
    with serve_directory(site_root) as url:
        yield url


def open_page(chromium: Any, url: str, **context_options: Any) -> Any:
    """A page loaded in a fresh browser context; the caller closes page.context."""
    context = chromium.new_context(**context_options)
    try:
        page = context.new_page()
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: {response and response.status}"
    except BaseException:
        context.close()
        raise
    return page


def test_page_has_no_html_errors(vnu_report: list[dict], page_path: Path) -> None:
    errors = vnu_errors(vnu_report, page_path)
    assert not errors, "Nu HTML Checker errors:\n" + format_vnu(errors)


@pytest.mark.parametrize("language", ["da", "en"])
def test_page_has_no_accessibility_violations(
    chromium: Any, base_url: str, site_root: Path, page_path: Path, language: str
) -> None:
    page = open_page(chromium, url_for(base_url, site_root, page_path))
    try:
        page.check(LANGUAGE_RADIO.format(language))
        violations = axe(page)
    finally:
        page.context.close()
    assert not violations, "axe-core violations:\n" + format_axe(violations)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshot_is_saved_for_review(
    chromium: Any, base_url: str, site_root: Path, page_path: Path, page_kind: str, device: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{page_kind}-{device}.png"
    target.unlink(missing_ok=True)
    page = open_page(chromium, url_for(base_url, site_root, page_path),
                     viewport=VIEWPORTS[device])
    try:
        page.screenshot(path=str(target), full_page=True)
    finally:
        page.context.close()
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_page_fits_a_phone_screen_without_sideways_scrolling(
    chromium: Any, base_url: str, site_root: Path, page_path: Path
) -> None:
    page = open_page(chromium, url_for(base_url, site_root, page_path),
                     viewport={"width": 320, "height": 640})
    try:
        page_width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.context.close()
    assert page_width <= 320


def test_label_toggle_switches_language_without_javascript(
    chromium: Any, base_url: str, site_root: Path, page_path: Path
) -> None:
    page = open_page(chromium, url_for(base_url, site_root, page_path),
                     java_script_enabled=False)
    try:
        danish = page.locator(TEXT_IN.format("da") + ":visible")
        english = page.locator(TEXT_IN.format("en") + ":visible")
        shown_first = (danish.count(), english.count())
        page.check(LANGUAGE_RADIO.format("en"))
        shown_after = (danish.count(), english.count())
    finally:
        page.context.close()
    assert shown_first[0] > 0 and shown_first[1] == 0, "Danish text only, at first"
    assert shown_after[0] == 0 and shown_after[1] > 0, "English text only, once chosen"
