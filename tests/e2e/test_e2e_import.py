"""The import page in headless Chromium: upload a daily report, confirm, see the figures change."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.e2e.browser import ROOT, browser_page, chromium_or_skip, free_port
from tests.ingest_fixtures import title_block, write_xlsx

pytestmark = pytest.mark.e2e


@contextlib.contextmanager
def running_page(db_path, timeout: float = 90.0):
    """`streamlit run pages/import_reports.py` on a free localhost port against db_path."""
    port = free_port()
    log_path = db_path.parent / f"streamlit-import-{port}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "pages" / "import_reports.py"),
             "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env={**os.environ, "DASHBOARD_DB": str(db_path), "PYTHONPATH": str(ROOT)},
            stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start:\n" + log_path.read_text())
                time.sleep(0.3)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_timeout(500)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)


def stores_metric(page) -> str:
    metric = page.locator('[data-testid="stMetric"]', has_text="Cửa hàng số (báo cáo xã)")
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_upload_confirm_and_see_figures_change(empty_db, tmp_path):
    chromium = chromium_or_skip()
    rows = title_block("UBND HUYỆN CHI LĂNG", "BÁO CÁO KẾT QUẢ NGÀY 05/8/2021") + [
        ["TT", "Xã", "Cửa hàng số mở mới", "TK TTĐT mở mới"], [1, "Vạn Linh", 26, 20], [2, "Vân An", "1.200", 4]]
    report = write_xlsx(tmp_path / "bao_cao_chi_lang.xlsx", rows)
    with running_page(empty_db) as url, browser_page(chromium) as page:
        page.goto(url)
        wait_idle(page)
        assert stores_metric(page) == "0"
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(report))
        page.get_by_text("hợp lệ", exact=False).first.wait_for(timeout=60_000)
        wait_idle(page)
        assert "thêm mới" in page.inner_text('[data-testid="stMain"]') or page.locator(
            '[data-testid="stDataFrame"]').count() >= 1
        page.get_by_role("button", name="Xác nhận nhập").click()
        page.get_by_text("Đã nhập «bao_cao_chi_lang.xlsx»", exact=False).wait_for(timeout=60_000)
        wait_idle(page)
        assert stores_metric(page) == "1.226"
        page.screenshot(path=str(tmp_path / "import.png"))
