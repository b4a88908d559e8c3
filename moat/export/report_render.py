"""Drawing a ``moat.export.report.Report`` as one self-contained HTML file or as a PDF (fpdf2), and handing it out.

``write`` (a file) and ``report_bytes`` (a download) build, draw and audit; ``render`` picks the drawing for a format.
They live here, above ``moat.export.report`` (which only gathers the data), so the two modules import one way.

The HTML embeds its CSS and its chart images (base64), so it can be mailed or opened offline and loads nothing
from anywhere. Every piece of text from the data (client names, insight texts) is HTML-escaped. The PDF uses
fpdf2's built-in Helvetica, which needs no font files but covers only Latin-1, so text is folded to Latin-1
first (a dash for an em-dash, ``?`` for what has no equivalent) rather than failing on a client's name.
"""

from __future__ import annotations

import base64
import html as html_mod
import io
import unicodedata
from pathlib import Path

from moat.config import Config
from moat.db import Connection
from moat.export.report import REPORT_FORMATS, Report, ReportFormatError, build
from moat.export.tables import record
from moat.governance.permissions import User
from moat.metrics.periods import Period

_FOLD = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u2026": "...", "\u00d7": "x", "\u2212": "-", "\u2009": " ", "\u00a0": " "})
GOOD, BAD, MUTED = (21, 128, 61), (185, 28, 28), (107, 114, 128)

CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#111827;margin:0;background:#f9fafb}
main{max-width:900px;margin:0 auto;padding:24px 16px}
h1{font-size:1.5rem;margin:0 0 4px} h2{font-size:1.15rem;margin:28px 0 10px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.meta{color:#6b7280;font-size:.85rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px}
.card .label{color:#6b7280;font-size:.8rem} .card .value{font-size:1.3rem;font-weight:600;margin:2px 0}
.card .delta{font-size:.8rem} .good{color:#15803d} .bad{color:#b91c1c} .flat{color:#6b7280}
img{max-width:100%;height:auto;background:#fff;border:1px solid #e5e7eb;border-radius:8px}
figure{margin:0 0 16px} figcaption{color:#6b7280;font-size:.8rem}
.risk{background:#fff;border-left:4px solid #b91c1c;padding:8px 12px;margin-bottom:8px;border-radius:4px}
.risk .action{color:#0f766e} table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left} td.num{text-align:right}
"""


def _e(text: object) -> str:
    return html_mod.escape(str(text), quote=True)


def _delta_class(good: bool | None) -> str:
    return "flat" if good is None else "good" if good else "bad"


def html(report: Report) -> str:
    """The report as one HTML document (no external resources)."""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{_e(report.title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>Executive report: {_e(report.period.start.isoformat())} to {_e(report.period.end.isoformat())}</h1>",
        f"<p class='meta'>Compared with {_e(report.previous.start.isoformat())} to {_e(report.previous.end.isoformat())}. "
        f"Generated {_e(report.generated_at.strftime('%Y-%m-%d %H:%M UTC'))} by {_e(report.generated_by)}; "
        f"data version {_e(report.data_version)}.</p>",
        "<h2>Key figures</h2><div class='cards'>",
    ]
    for k in report.kpis:
        parts.append(
            f"<div class='card' data-metric='{_e(k.metric)}'><div class='label'>{_e(k.label)}</div>"
            f"<div class='value'>{_e(k.value)}</div>"
            f"<div class='delta {_delta_class(k.good)}'>{_e(k.change)} vs {_e(k.previous)}</div></div>"
        )
    parts.append("</div>")
    for note in report.notes:
        parts.append(f"<p class='meta'>{_e(note)}</p>")
    if report.charts:
        parts.append("<h2>Trends</h2>")
        for chart in report.charts:
            data = base64.b64encode(chart.png).decode("ascii")
            parts.append(f"<figure><img src='data:image/png;base64,{data}' alt='{_e(chart.alt)}'>"
                         f"<figcaption>{_e(chart.title)}" + (f"<br>{_e(chart.caption)}" if chart.caption else "")
                         + "</figcaption></figure>")
    parts.append("<h2>Top risks and recommendations</h2>")
    if report.risks:
        for risk in report.risks:
            parts.append(f"<div class='risk'><strong>{_e(risk.title)}</strong><div>{_e(risk.detail)}</div>"
                         + (f"<div class='action'>What to do: {_e(risk.action)}</div>" if risk.action else "") + "</div>")
    else:
        parts.append("<p>No approved recommendations for this period.</p>")
    parts.append("<h2>Approved results</h2>")
    if report.approved:
        parts.append("<table><thead><tr><th>Metric</th><th>For</th><th>Value</th><th>Confidence</th></tr></thead><tbody>")
        for r in report.approved:
            parts.append(f"<tr><td>{_e(r['metric'])}</td><td>{_e(r['entity'])}</td><td class='num'>{_e(r['value'])}</td>"
                         f"<td class='num'>{_e(r['confidence'])}</td></tr>")
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No approved results for this period.</p>")
    if report.pending_left_out:
        parts.append(f"<p class='meta'>{report.pending_left_out} result(s) awaiting review are not included.</p>")
    parts.append("</main></body></html>")
    return "".join(parts)


def latin1(text: object) -> str:
    """Text the PDF core fonts can draw: common typography folded, accents kept where Latin-1 has them."""
    folded = str(text).translate(_FOLD)
    out = []
    for ch in folded:
        if ord(ch) < 256:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


def pdf(report: Report) -> bytes:
    """The report as an A4 PDF."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    doc = FPDF(format="A4")
    doc.set_title(latin1(report.title))
    doc.set_author("MoatMetrics")
    doc.set_creation_date(report.generated_at)
    doc.set_auto_page_break(True, margin=15)
    doc.set_margins(12, 12, 12)
    doc.alias_nb_pages()
    doc.add_page()
    width = doc.w - doc.l_margin - doc.r_margin

    def heading(text: str) -> None:
        doc.ln(3)
        doc.set_font("Helvetica", "B", 13)
        doc.cell(0, 8, latin1(text), new_x="LMARGIN", new_y="NEXT")
        doc.set_font("Helvetica", "", 10)

    def para(text: str, style: str = "", color: tuple[int, int, int] = (17, 24, 39), size: float = 10) -> None:
        doc.set_font("Helvetica", style, size)
        doc.set_text_color(*color)
        doc.multi_cell(width, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        doc.set_text_color(17, 24, 39)

    doc.set_font("Helvetica", "B", 16)
    doc.cell(0, 9, latin1(f"Executive report: {report.period.start.isoformat()} to {report.period.end.isoformat()}"),
             new_x="LMARGIN", new_y="NEXT")
    para(f"Compared with {report.previous.start.isoformat()} to {report.previous.end.isoformat()}. Generated "
         f"{report.generated_at.strftime('%Y-%m-%d %H:%M UTC')} by {report.generated_by}; data version {report.data_version}.",
         color=MUTED, size=9)

    heading("Key figures")
    with doc.table(col_widths=(64, 42, 42, 38), text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
                   headings_style=FontFace(emphasis="BOLD", fill_color=(243, 244, 246)), line_height=6) as table:
        head = table.row()
        for text in ("Metric", "This period", "Previous period", "Change"):
            head.cell(text)
        for k in report.kpis:
            row = table.row()
            row.cell(latin1(k.label))
            row.cell(latin1(k.value))
            row.cell(latin1(k.previous))
            color = MUTED if k.good is None else GOOD if k.good else BAD
            row.cell(latin1(k.change), style=FontFace(color=color))
    for note in report.notes:
        para(note, color=MUTED, size=9)

    if report.charts:
        heading("Trends")
        for chart in report.charts:
            image_width = width
            doc.image(io.BytesIO(chart.png), w=image_width)
            para(chart.title, color=MUTED, size=8)
            if chart.caption:
                para(chart.caption, color=MUTED, size=8)
            doc.ln(2)

    heading("Top risks and recommendations")
    if report.risks:
        for risk in report.risks:
            para(risk.title, "B")
            if risk.detail:
                para(risk.detail)
            if risk.action:
                para(f"What to do: {risk.action}", color=(15, 118, 110))
            doc.ln(1.5)
    else:
        para("No approved recommendations for this period.")

    heading("Approved results")
    if report.approved:
        with doc.table(col_widths=(50, 70, 38, 28), text_align=("LEFT", "LEFT", "RIGHT", "RIGHT"),
                       headings_style=FontFace(emphasis="BOLD", fill_color=(243, 244, 246)), line_height=6) as table:
            head = table.row()
            for text in ("Metric", "For", "Value", "Confidence"):
                head.cell(text)
            for r in report.approved:
                row = table.row()
                for key in ("metric", "entity", "value", "confidence"):
                    row.cell(latin1(r[key]))
    else:
        para("No approved results for this period.")
    if report.pending_left_out:
        para(f"{report.pending_left_out} result(s) awaiting review are not included.", color=MUTED, size=9)
    return bytes(doc.output())


def write(
    con: Connection, user: User, period: Period, out: str | Path, *, fmt: str | None = None, cfg: Config | None = None,
) -> Path:
    """Build the report and write it to ``out`` as PDF or HTML (by ``fmt`` or the file suffix); audited."""
    target = Path(out).expanduser()
    fmt = (fmt or target.suffix.lstrip(".")).lower()
    if fmt == "htm":
        fmt = "html"
    if fmt not in REPORT_FORMATS:
        raise ReportFormatError(f"cannot tell the report format from {target.name!r}", "name the file report.pdf or report.html")
    data = render(build(con, user, period, cfg), fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    try:
        record(con, user, "report", f"report:{period}", {"format": fmt, "file": str(target), "bytes": len(data)})
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def report_bytes(con: Connection, user: User, period: Period, fmt: str, cfg: Config | None = None) -> bytes:
    """The report as bytes (for a download button); audited like ``write``."""
    if fmt not in REPORT_FORMATS:
        raise ReportFormatError(f"unknown report format {fmt!r}", "use pdf or html")
    data = render(build(con, user, period, cfg), fmt)
    record(con, user, "report", f"report:{period}", {"format": fmt, "bytes": len(data)})
    return data


def render(report: Report, fmt: str) -> bytes:
    """The one place that picks the drawing for a format."""
    return pdf(report) if fmt == "pdf" else html(report).encode("utf-8")
