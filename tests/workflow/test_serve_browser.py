"""In a real browser (Debian's Chromium): a saved edit reloads the open page by itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workflow_helpers import Server, project

ARTIFACTS = Path(__file__).parent.parent / "artifacts" / "workflow"


def test_the_open_page_follows_edits_breaks_and_fixes(tmp_path: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    root = project(tmp_path)
    server = Server(root, "--base-url", "/my-digests/")
    daily = root / "digests/2024/2024-03-14-daily.yaml"
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.port}/my-digests/")
        expect(page.get_by_text("Towards In-context Scene Understanding").first).to_be_visible()
        # No need to wait for the event stream to connect: it asks for the version the page was
        # served at, so a rebuild that happens before it connects still reloads the page.

        daily.write_text(daily.read_text().replace("Towards In-context", "Reloaded In-context"))
        expect(page.get_by_text("Reloaded In-context Scene Understanding").first).to_be_visible(timeout=10_000)

        original = daily.read_text()
        daily.write_text(original.replace("date: 2024-03-14", "date: 2024-03-32"))
        expect(page.get_by_role("heading", name="Build failed")).to_be_visible(timeout=10_000)
        expect(page.get_by_text("2024-03-14-daily.yaml:1:7: error:")).to_be_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "serve-error-page.png"))

        daily.write_text(original)
        expect(page.get_by_text("Reloaded In-context Scene Understanding").first).to_be_visible(timeout=10_000)
        page.close()
    finally:
        assert server.stop() == 0
