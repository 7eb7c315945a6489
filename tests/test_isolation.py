"""The analytics package never pulls in Streamlit (the UI and the data side meet at one contract)."""

import subprocess
import sys

from tests.conftest import ROOT

CHECK = """
import importlib, pkgutil, sys
import analytics
for module in pkgutil.walk_packages(analytics.__path__, "analytics."):
    if module.name != "analytics.__main__":
        importlib.import_module(module.name)
print("streamlit" in sys.modules)
"""


def test_import_analytics_does_not_import_streamlit():
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
