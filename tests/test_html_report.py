"""negotiation run --html: one self-contained page, checked as text and in a real browser.

The browser test renders the page in headless Chromium (Debian's ``chromium``,
which ``.ci/run`` installs where apt is available) with a probe script that
records every script error and console error, the size of every figure, the
order of a table after clicking its header twice, and the JSON the download
button hands over; it also saves a screenshot under the test's tmp folder.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from negotiation.cli import main
from negotiation.report import Report, Section, Table
from negotiation.report_html import Plot, render_html

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|<link\b"""
                      r"""|url\(\s*["']?https?:""", re.IGNORECASE)


@pytest.fixture(scope="module")
def standoff_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "standoff.html"
    assert main(["run", "standoff", "--html", str(path)]) == 0
    return path


def anchors(page: str) -> tuple[set[str], set[str]]:
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    links = set(re.findall(r'\bhref="#([^"]+)"', page))
    return ids, links


def test_the_page_is_self_contained_and_complete(standoff_page, capsys):
    page = standoff_page.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    # every section of the JSON report is on the page, with its heading and anchor
    assert main(["run", "standoff", "--format", "json"]) == 0
    full = json.loads(capsys.readouterr().out)
    embedded = re.search(r'<script type="application/json" id="report-data">(.*?)</script>',
                         page, re.S)
    assert embedded and json.loads(embedded.group(1)) == full
    for key in full:
        if key != "title":
            assert f'id="sec-{key}"' in page
    # three figures, inline
    assert page.count("<figure ") == 3 and page.count("<svg") == 3
    assert re.findall(r'<figure id="fig-([a-z_]+)"', page) == [
        "utility_space", "stability_graph", "simulation_trace"]


def test_the_example_in_the_docs_is_self_contained_and_current(capsys):
    page = (Path(__file__).resolve().parents[1] / "docs" / "example-report.html").read_text(
        encoding="utf-8")
    # the January 2022 crisis has no zone of agreement at its defaults: of the
    # figures only the state graph of the stability analysis is drawn
    assert not EXTERNAL.search(page) and page.count("<svg") == 1
    embedded = re.search(r'<script type="application/json" id="report-data">(.*?)</script>',
                         page, re.S)
    assert main(["run", "--format", "json"]) == 0
    current = json.loads(capsys.readouterr().out)
    assert embedded and list(json.loads(embedded.group(1))) == list(current), (
        "docs/example-report.html is out of date: negotiation run --html "
        "docs/example-report.html")


def test_every_link_has_its_target_and_offramps_link_their_parts(standoff_page):
    page = standoff_page.read_text(encoding="utf-8")
    ids, links = anchors(page)
    assert links <= ids, f"links without a target: {sorted(links - ids)}"
    for part in ("robustness", "sequencing", "stability"):
        assert f'href="#offramps-1-{part}"' in page and f'id="offramps-1-{part}"' in page
    # each part links back to its off-ramp, and the ranking table links to each off-ramp
    assert page.count('href="#offramps-1"') >= 4
    assert '<td data-sort="1.0"><a href="#offramps-1">1</a></td>' in page


def test_packages_are_shown_issue_by_issue(standoff_page):
    page = standoff_page.read_text(encoding="utf-8")
    assert page.count('class="by-issue"') == 3  # solutions, off-ramps, the simulated agreement
    assert '<span class="issue">troops</span> massed &rarr; <b>withdrawn</b>' in page
    assert '<th scope="row">troops</th><td>massed</td><td class="changed">withdrawn</td>' in page


def test_tables_cells_sort_by_number_and_text():
    report = Report("T", [Section("k", "K", [Table(["name", "u"], [["b", 0.25], ["a", None]])])])
    page = render_html(report)
    assert '<table class="sortable">' in page
    assert '<td data-sort="0.25">0.250</td>' in page and '<td data-sort="">a</td>' in page


def test_figures_keep_their_ids_apart():
    svg = '<?xml version="1.0"?>\n<svg width="20pt" height="10pt"><path id="m1"/>' \
          '<use xlink:href="#m1"/><g clip-path="url(#m1)"/></svg>'
    sections = [Section("a", "A", figures=[Plot("one", "first", svg)]),
                Section("b", "B", figures=[Plot("two", "second", svg)])]
    page = render_html(Report("T", sections))
    ids, _ = anchors(page)
    assert {"a0-m1", "b0-m1", "fig-one", "fig-two"} <= ids
    assert "url(#b0-m1)" in page and "<?xml" not in page


def test_html_to_an_unwritable_place_is_a_usage_error(tmp_path, capsys):
    assert main(["run", "standoff", "--sections", "zopa", "--html", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("negotiation run: --html") and "Traceback" not in err


# ---------------------------------------------------------------- the browser
PROBE = """<script>
(function () {
  var found = {errors: [], figures: [], sort: null, download: null};
  window.addEventListener("error", function (e) { found.errors.push(String(e.message)); });
  window.addEventListener("unhandledrejection", function (e) {
    found.errors.push("unhandled rejection: " + String(e.reason));
  });
  var consoleError = console.error;
  console.error = function () {
    found.errors.push(Array.prototype.join.call(arguments, " "));
    consoleError.apply(console, arguments);
  };
  function column(table, k) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (r) {
      return r.cells[k].getAttribute("data-sort");
    });
  }
  window.addEventListener("load", function () {
    document.querySelectorAll("figure svg").forEach(function (svg) {
      var box = svg.getBoundingClientRect();
      found.figures.push({id: svg.closest("figure").id, width: box.width, height: box.height,
                          attrs: [svg.getAttribute("width"), svg.getAttribute("height")]});
    });
    var table = document.querySelector("#sec-scenario table.sortable");
    var th = table.tHead.rows[0].cells[3];  /* batna: a numeric column */
    th.click();
    var up = column(table, 3);
    th.click();
    found.sort = {header: th.textContent, ascending: up, descending: column(table, 3),
                  state: th.getAttribute("aria-sort")};
    var captured = null, create = URL.createObjectURL;
    URL.createObjectURL = function (blob) { captured = blob; return create.call(URL, blob); };
    var click = HTMLAnchorElement.prototype.click;
    var name = null;
    HTMLAnchorElement.prototype.click = function () { name = this.download; };
    document.getElementById("download-json").click();
    HTMLAnchorElement.prototype.click = click;
    captured.text().then(function (text) {
      found.download = {name: name, keys: Object.keys(JSON.parse(text))};
      var out = document.createElement("pre");
      out.id = "probe";
      out.textContent = JSON.stringify(found);
      document.body.appendChild(out);
    });
  });
})();
</script>"""


def browser() -> str | None:
    return next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)


def run_browser(exe: str, page, tmp_path, *flags: str) -> subprocess.CompletedProcess:
    command = [exe, "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
               f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=15000",
               *flags, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


def test_the_report_renders_in_a_browser_without_errors(standoff_page, tmp_path):
    exe = browser()
    if exe is None:
        pytest.skip("no Chromium or Chrome on this machine (.ci/run installs Debian's chromium "
                    "where apt is available): the page is checked as text only")
    probed = tmp_path / "probed.html"
    page = standoff_page.read_text(encoding="utf-8")
    probed.write_text(page.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    dom = run_browser(exe, probed, tmp_path, "--dump-dom")
    match = re.search(r'<pre id="probe">(.*?)</pre>', dom.stdout, re.S)
    assert match, f"the probe did not report (exit {dom.returncode}): {dom.stderr[-2000:]}"
    found = json.loads(html.unescape(match.group(1)))
    assert found["errors"] == []
    assert [f["id"] for f in found["figures"]] == [
        "fig-utility_space", "fig-stability_graph", "fig-simulation_trace"]
    for figure in found["figures"]:
        assert figure["width"] > 100 and figure["height"] > 100, figure
        assert all(a and float(re.sub(r"[a-z]+$", "", a)) > 0 for a in figure["attrs"]), figure
    sort = found["sort"]
    assert sort["header"].startswith("batna") and sort["state"] == "descending"
    assert [float(x) for x in sort["ascending"]] == sorted(float(x) for x in sort["ascending"])
    assert sort["descending"] == sort["ascending"][::-1] or \
        [float(x) for x in sort["descending"]] == sorted(map(float, sort["ascending"]),
                                                         reverse=True)
    assert found["download"]["name"] == "standoff.json"
    assert "offramps" in found["download"]["keys"] and "stability" in found["download"]["keys"]
    shot = tmp_path / "report.png"
    result = run_browser(exe, standoff_page, tmp_path, f"--screenshot={shot}",
                         "--window-size=1200,3000")
    assert shot.exists() and shot.stat().st_size > 10_000, result.stderr[-2000:]
