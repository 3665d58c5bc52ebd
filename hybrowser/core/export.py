"""Cells out of the app: TSV and HTML for the clipboard, CSV and XLSX files, written safely.

Files are written row by row to a temporary file beside the target and renamed into
place, so a failed or cancelled export never leaves a partial file.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import html
import io
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from hybrowser.core.spreadsheet import NumberCell

Grid = Sequence[Sequence[object]]


def xml_escape(text: str) -> str:
    """Text for XML content and attributes (html.escape does both, and unlike xml.sax.saxutils
    does not pull in urllib and email at start-up)."""
    return html.escape(text, quote=True)


def _tsv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # Excel's rule: a cell holding a tab, newline or quote is quoted, quotes doubled.
    if any(c in text for c in '\t\n\r"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_tsv(grid: Grid) -> str:
    """Tab-separated text that Excel, WPS and LibreOffice paste into the same columns."""
    return "".join("\t".join(_tsv_cell(v) for v in row) + "\r\n" for row in grid) if grid else ""


def to_html(grid: Grid, header_rows: int = 0) -> str:
    """An HTML table that office programs paste as cells (UTF-8; a NumberCell as a number)."""
    return html_table(html_rows(grid[:header_rows], "th") + html_rows(grid[header_rows:], "td"))


def html_rows(grid: Grid, tag: str = "td") -> str:
    """Rows of an HTML table for html_table (made a slice at a time for large copies)."""
    lines = []
    for row in grid:
        cells = "".join(_html_cell(v, tag) for v in row)
        lines.append(f"<tr>{cells}</tr>\n")
    return "".join(lines)


def _html_cell(value: object, tag: str) -> str:
    if isinstance(value, NumberCell):
        return f"<{tag}{value.html_attributes()}>{html.escape(value.text)}</{tag}>"
    text = html.escape("" if value is None else str(value)).replace("\n", "<br>")
    return f"<{tag}>{text}</{tag}>"


def html_table(rows: str) -> str:
    """Wrap html_rows() output into a document."""
    return f'<html><head><meta charset="utf-8"></head><body><table>\n{rows}</table></body></html>'


def to_csv(grid: Grid) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in grid:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


#: A temporary file's name: .<target>.hybrowser-<pid>-<random>.part, beside the target.
_PART = re.compile(r"\.hybrowser-(\d+)-[^.]*\.part$")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by another user
    return True


def remove_stale_parts(folder: Path, name: str) -> None:
    """Delete temporary files that a killed export to folder/name left behind."""
    for entry in folder.glob(f".{glob.escape(name)}.hybrowser-*.part"):
        match = _PART.search(entry.name)
        if match and int(match.group(1)) != os.getpid() and not _pid_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                entry.unlink()


def _umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    # Elsewhere the only way is to set it and set it back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, write: Callable[[io.BufferedWriter], None]) -> None:
    """Write via a temporary file in the same folder, then rename: all or nothing.

    A symlink is followed: its target is replaced and the link stays. An existing file
    keeps its permissions; a new one gets the umask's. Parts left by a killed export
    are removed on the next export to the same file.
    """
    import tempfile  # here, not at the top: start-up never writes a file

    target = Path(os.path.realpath(path))
    remove_stale_parts(target.parent, target.name)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # what any new file gets (mkstemp alone would give 0600)
    handle, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.hybrowser-{os.getpid()}-", suffix=".part", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)  # type: ignore[arg-type]
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


#: What File → Export writes, by the type chosen in the dialog.
EXPORT_KINDS = ("csv", "xlsx")


def with_extension(path: Path, kind: str) -> Path:
    """The path with the chosen type's extension: 'rows' as XLSX is rows.xlsx (the type wins)."""
    path = Path(path)
    return path if path.suffix.lower() == f".{kind}" else path.with_name(f"{path.name}.{kind}")


Rows = Iterable[Sequence[object]]


def write_csv(path: Path, rows: Rows) -> None:
    """CSV in UTF-8 with a byte-order mark, so Excel opens Chinese correctly; rows are streamed."""

    def write(stream: io.BufferedWriter) -> None:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
        text.write("\ufeff")
        writer = csv.writer(text, lineterminator="\r\n")
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
        text.flush()
        text.detach()

    write_atomically(path, write)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xlsx_cell(ref: str, value: object) -> str:
    if isinstance(value, bool) or value is None:
        value = "" if value is None else str(value)
    if isinstance(value, (int, float)) and value == value and abs(value) != float("inf"):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    text = xml_escape(str(value))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


_XLSX_STATIC = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def write_xlsx(path: Path, rows: Rows, sheet_name: str = "Sheet1") -> None:
    """A minimal Office Open XML workbook: one sheet, numbers as numbers, text inline; rows are streamed."""
    name = xml_escape("".join(c for c in sheet_name if c not in "[]:*?/\\")[:31] or "Sheet1")
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )

    def write(stream: io.BufferedWriter) -> None:
        import zipfile  # here, not at the top: start-up never writes a file

        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, content in _XLSX_STATIC.items():
                archive.writestr(member, content)
            archive.writestr("xl/workbook.xml", workbook)
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b"<sheetData>"
                )
                for r, row in enumerate(rows, start=1):
                    cells = "".join(_xlsx_cell(f"{_column_letter(c)}{r}", v) for c, v in enumerate(row))
                    sheet.write(f'<row r="{r}">{cells}</row>'.encode())
                sheet.write(b"</sheetData></worksheet>")

    write_atomically(path, write)
