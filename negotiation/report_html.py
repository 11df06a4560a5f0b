"""A :class:`negotiation.report.Report` as one self-contained HTML page.

The page needs no network when it is opened: the style and the few lines of
script are inline, the figures are inline SVG (drawn by matplotlib, passed in
on ``Section.figures`` as :class:`Plot`), and the report's JSON is embedded in
a ``<script type="application/json">`` element with a button that downloads
it. Tables sort by any column (click its header); packages are shown issue by
issue; each off-ramp links to its robustness, sequencing, stability (and any
other labelled part of its paragraph) and back. Like the other renderers it
reads the sections and computes nothing.
"""
from __future__ import annotations

import html
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from negotiation.report import Report, Section, Table, fmt_number, to_jsonable

# "issue: old -> new" (package_text) or "issue old -> new" (an off-ramp's moves)
_CHANGE = re.compile(r"^([\w.-]+):? (\S+) -> (\S+)$")
_ITEM = re.compile(r"^(\d+)\. (.*)$")
_PART = re.compile(r"^([A-Z][a-z]+(?: [a-z]+)?): (.*)$")
_SVG_ID = re.compile(r'\bid="([^"]+)"')


@dataclass
class Plot:
    """A figure of a section: ``name`` (its anchor and file name), a caption,
    and a matplotlib ``Figure`` (or an SVG text already drawn)."""

    name: str
    caption: str
    figure: Any

    def svg(self, prefix: str = "") -> str:
        """The figure as an ``<svg>`` element whose ids carry ``prefix``, so that
        several figures on one page never share an id.

        >>> Plot("f", "c", '<svg width="10pt" height="5pt"><g id="a"/><use href="#a"/></svg>'
        ...      ).svg("p-")
        '<svg width="10pt" height="5pt"><g id="p-a"/><use href="#p-a"/></svg>'
        """
        text = self.figure if isinstance(self.figure, str) else _draw_svg(self.figure)
        text = text[text.index("<svg"):]
        for name in set(_SVG_ID.findall(text)):
            text = (text.replace(f'id="{name}"', f'id="{prefix}{name}"')
                    .replace(f"#{name})", f"#{prefix}{name})")
                    .replace(f'href="#{name}"', f'href="#{prefix}{name}"'))
        return text


def _draw_svg(figure) -> str:
    import matplotlib

    buffer = io.StringIO()
    # text stays text (the browser's fonts; a smaller page), ids and metadata
    # are fixed so that the same report gives the same page
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "negotiation"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def _esc(value: Any) -> str:
    return html.escape(fmt_number(value) if not isinstance(value, str) else value, quote=True)


def _changes(text: str) -> list[tuple[str, str, str]] | None:
    """``"a: x -> y; b: u -> v"`` as ``[(a, x, y), (b, u, v)]``; None if the
    text is not a list of changes."""
    parts = [_CHANGE.match(p.strip()) for p in text.split(";")]
    if not text or not all(parts):
        return None
    return [(m.group(1), m.group(2), m.group(3)) for m in parts if m]


def _package_cell(text: str) -> str:
    changes = _changes(text)
    if changes is None:
        return _esc(text)
    items = "".join(f'<li><span class="issue">{_esc(i)}</span> {_esc(old)} &rarr; '
                    f"<b>{_esc(new)}</b></li>" for i, old, new in changes)
    return f'<ul class="package">{items}</ul>'


def _cell(value: Any, key: str, column: str, ids: set[str]) -> str:
    if isinstance(value, bool) or value is None or not isinstance(value, (int, float)):
        sort, body = "", _package_cell(fmt_number(value))
    else:
        number = float(value)
        sort = repr(number) if number == number else ""
        body = _esc(value)
        if column == "#" and f"{key}-{int(number)}" in ids:
            body = f'<a href="#{key}-{int(number)}">{body}</a>'
    return f'<td data-sort="{html.escape(sort)}">{body}</td>'


def _table(table: Table, key: str, ids: set[str]) -> str:
    head = "".join(f'<th scope="col" title="sort by {_esc(c)}">{_esc(c)}</th>'
                   for c in table.columns)
    rows = "".join("<tr>" + "".join(_cell(v, key, c, ids) for v, c in zip(row, table.columns))
                   + "</tr>" for row in table.rows)
    return (f'<div class="scroll"><table class="sortable"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def _item(number: str, lines: list[str], key: str, ids: set[str]) -> str:
    """One numbered paragraph (an off-ramp): its first line, then each
    labelled part ("Sequencing: ...") with an anchor and a link back."""
    anchor = f"{key}-{number}"
    ids.add(anchor)
    parts, plain = [], []
    for line in lines[1:]:
        m = _PART.match(line.strip())
        if m:
            part = f"{anchor}-{m.group(1).lower().replace(' ', '-')}"
            ids.add(part)
            parts.append((m.group(1), part, m.group(2)))
        else:
            plain.append(line.strip())
    links = " &middot; ".join(f'<a href="#{p}">{_esc(label.lower())}</a>' for label, p, _ in parts)
    lead, bracket, rest = lines[0].partition("  [")  # "moves  [rank 1, ...]"
    meta = f' <span class="meta">[{_esc(rest)}</span>' if bracket else ""
    body = [f'<div class="lead">{_package_cell(lead.strip())}{meta}</div>']
    if links:
        body.append(f'<p class="parts">See: {links}</p>')
    body += [f"<p>{_esc(text)}</p>" for text in plain]
    body += [f'<p id="{p}" class="part"><b>{_esc(label)}</b>: {_esc(text)} '
             f'<a class="up" href="#{anchor}" title="back to {number}">&uarr; {number}</a></p>'
             for label, p, text in parts]
    return f'<li id="{anchor}" value="{number}">{"".join(body)}</li>'


def _ordered(lines: list[str], key: str, ids: set[str]) -> str:
    """Numbered paragraphs, each with its continuation lines, as an ordered list."""
    items: list[tuple[str, list[str]]] = []
    for line in lines:
        m = _ITEM.match(line)
        if m or not items:
            items.append((m.group(1) if m else "1", [m.group(2) if m else line]))
        else:
            items[-1][1].append(line)
    return ('<ol class="items">' + "".join(_item(n, body, key, ids) for n, body in items)
            + "</ol>")


def _prose(text: str, key: str, ids: set[str]) -> str:
    """A prose block: bullets ("- ") as a list, numbered paragraphs (with their
    indented continuation lines) as an ordered list, other lines as a paragraph."""
    out: list[str] = []
    kind = ""  # the open group: "ul", "ol" or "p", and its lines
    group: list[str] = []

    def close() -> None:
        if kind == "ul":
            out.append("<ul>" + "".join(f"<li>{_esc(g[2:])}</li>" for g in group) + "</ul>")
        elif kind == "ol":
            out.append(_ordered(group, key, ids))
        elif kind == "p":
            out.append("<p>" + "<br>".join(_esc(g) for g in group) + "</p>")

    for line in text.splitlines():
        if line.startswith("- "):
            this = "ul"
        elif _ITEM.match(line) or (kind == "ol" and line.startswith(" ")):
            this = "ol"
        else:
            this = "p"
        if this != kind:
            close()
            kind, group = this, []
        group.append(line)
    close()
    return "".join(out)


def _packages(section: Section) -> list[tuple[str, str, dict]]:
    """The whole packages a section's data carries, as (label, link, package)."""
    data = section.data
    if section.key == "solve":
        return [(name.replace("_", " "), "", s["package"])
                for name, s in (data.get("solutions") or {}).items() if s and s.get("package")]
    if section.key == "offramps":
        return [(f"off-ramp {n}", f"#offramps-{n}", o["package"])
                for n, o in enumerate(data.get("offramps") or [], start=1)]
    if section.key == "simulate" and isinstance(data.get("agreement"), dict):
        return [("agreement", "", data["agreement"])]
    return []


def _by_issue(section: Section, status_quo: dict | None) -> str:
    """The section's packages issue by issue, changes from the status quo marked."""
    packages = _packages(section)
    if not packages:
        return ""
    issues = list(status_quo or packages[0][2])
    head = "".join(f'<th><a href="{link}">{_esc(label)}</a></th>' if link
                   else f"<th>{_esc(label)}</th>" for label, link, _ in packages)
    rows = []
    for issue in issues:
        sq = (status_quo or {}).get(issue)
        cells = "".join(
            f'<td class="{"changed" if sq is not None and p.get(issue) != sq else "same"}">'
            f"{_esc(p.get(issue, ''))}</td>" for _, _, p in packages)
        rows.append(f"<tr><th scope=\"row\">{_esc(issue)}</th>"
                    f"{'<td>' + _esc(sq) + '</td>' if status_quo else ''}{cells}</tr>")
    sq_head = "<th>status quo</th>" if status_quo else ""
    return (f'<details class="by-issue"><summary>Packages issue by issue (changes from the '
            f'status quo in bold)</summary><div class="scroll"><table><thead><tr><th>issue</th>'
            f"{sq_head}{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></details>")


def _figures(section: Section) -> str:
    out = []
    for k, plot in enumerate(section.figures):
        anchor = f"fig-{plot.name}"
        out.append(f'<figure id="{anchor}" class="figure">{plot.svg(f"{section.key}{k}-")}'
                   f"<figcaption>{_esc(plot.caption)}</figcaption></figure>")
    return "".join(out)


def _section(section: Section, status_quo: dict | None) -> str:
    ids: set[str] = set()
    parts = [f'<section id="sec-{_esc(section.key)}"><h2>{_esc(section.heading)} '
             f'<a class="anchor" href="#sec-{_esc(section.key)}">#</a></h2>']
    for block in section.blocks:
        parts.append(_table(block, section.key, ids) if isinstance(block, Table)
                     else _prose(block, section.key, ids))
    parts.append(_by_issue(section, status_quo))
    parts.append(_figures(section))
    parts.append("</section>")
    return "".join(parts)


def render_html(report: Report, status_quo: dict | None = None,
                filename: str = "report.json") -> str:
    """The report as one HTML page (a string); ``status_quo`` marks the
    changes in the packages shown issue by issue, ``filename`` names the
    downloaded JSON.

    >>> from negotiation.report import Section, Table
    >>> page = render_html(Report("T", [Section("a", "A", ["Hello.", Table(["x"], [[1.5]])])]))
    >>> page.startswith("<!DOCTYPE html>"), 'data-sort="1.5"' in page, "http" in page
    (True, True, False)
    """
    data = json.dumps(to_jsonable(report.data()), separators=(",", ":"), ensure_ascii=False)
    data = data.replace("</", "<\\/")  # the JSON cannot close its script element
    toc = "".join(f'<li><a href="#sec-{_esc(s.key)}">{_esc(s.heading)}</a></li>'
                  for s in report.sections)
    figures = "".join(f'<li><a href="#fig-{_esc(p.name)}">{_esc(p.caption)}</a></li>'
                      for s in report.sections for p in s.figures)
    nav = f"<nav><h2>Contents</h2><ol>{toc}</ol>"
    if figures:
        nav += f"<h3>Figures</h3><ul>{figures}</ul>"
    nav += (f'<p><button type="button" id="download-json" data-filename="{_esc(filename)}">'
            "Download the JSON</button></p></nav>")
    body = "".join(_section(s, status_quo) for s in report.sections)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_esc(report.title)}</title><style>{CSS}</style></head><body>"
            f"<header><h1>{_esc(report.title)}</h1><p class=\"note\">Click a column header to "
            f"sort a table. The full results are in the JSON (button below the contents)."
            f"</p></header>{nav}<main>{body}</main>"
            f'<script type="application/json" id="report-data">{data}</script>'
            f"<script>{SCRIPT}</script></body></html>\n")


CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1b1b1b;background:#fff}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;border-bottom:1px solid #ccc;
margin-top:2rem}a.anchor{color:#bbb;text-decoration:none;font-size:.9rem}
nav{background:#f6f6f6;border:1px solid #e2e2e2;padding:.3rem 1rem;border-radius:4px}
nav h2{border:0;margin:.4rem 0;font-size:1rem}nav h3{font-size:.95rem;margin:.4rem 0}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top;text-align:left}
thead th{background:#eef2f7;position:sticky;top:0}table.sortable thead th{cursor:pointer}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td[data-sort]:not([data-sort=""]){text-align:right;font-variant-numeric:tabular-nums}
ul.package{margin:0;padding-left:1rem}.issue{color:#555}td.changed{font-weight:bold}
td.same{color:#777}ol.items>li{margin-bottom:1rem}div.lead{font-weight:600;margin:.2rem 0}
div.lead ul.package{display:inline-block;vertical-align:top;padding-left:1rem}.meta{color:#555}
p.part{margin:.2rem 0}p.parts{margin:.2rem 0;font-size:.9rem}a.up{font-size:.85rem}
:target{background:#fff6d5}figure{margin:1rem 0}figure svg{width:100%;height:auto}
figcaption{font-size:.9rem;color:#444}.note{color:#555;font-size:.9rem}
details.by-issue{margin:.6rem 0}button{font:inherit;padding:.2rem .8rem}
"""

SCRIPT = """
(function () {
  function key(cell) {
    var v = cell.getAttribute("data-sort");
    return v !== null && v !== "" && !isNaN(v) ? parseFloat(v) : cell.textContent.trim();
  }
  function compare(x, y) {
    var nx = typeof x === "number", ny = typeof y === "number";
    if (nx && ny) { return x - y; }
    if (nx !== ny) { return nx ? -1 : 1; }
    return String(x).localeCompare(String(y));
  }
  function sortBy(th) {
    var table = th.closest("table"), body = table.tBodies[0];
    var col = Array.prototype.indexOf.call(th.parentNode.children, th);
    var asc = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var c = compare(key(a.cells[col]), key(b.cells[col]));
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll("table.sortable thead th").forEach(function (th) {
    th.addEventListener("click", function () { sortBy(th); });
  });
  var button = document.getElementById("download-json");
  button.addEventListener("click", function () {
    var text = JSON.stringify(JSON.parse(document.getElementById("report-data").textContent),
                              null, 2);
    var url = URL.createObjectURL(new Blob([text], {type: "application/json"}));
    var a = document.createElement("a");
    a.href = url;
    a.download = button.getAttribute("data-filename");
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 0);
  });
})();
"""
