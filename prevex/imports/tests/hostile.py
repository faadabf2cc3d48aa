"""Hostile spreadsheets built in the tests (never committed as binaries), and a reader run in a child process.

A regression in the bounds makes the reader abort natively or exhaust memory: run in a child process under a
1 GB address-space limit, it fails the test instead of killing pytest.
"""

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MEMORY_LIMIT = 1024**3

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
        '+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Suivi" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def inline(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


HEADER_ROW = b'<row r="1">' + inline("A1", "reference") + inline("B1", "nom") + b"</row>"


def xlsx(sheet_data: bytes, *, before: bytes = b"", after: bytes = b"", shared: bytes | None = None) -> bytes:
    """A minimal workbook whose first sheet holds `sheet_data` (rows of cells)."""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main">' + before + b"<sheetData>" + sheet_data + b"</sheetData>" + after + b"</worksheet>"
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _XLSX_PARTS.items():
            archive.writestr(name, content)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return output.getvalue()


def ods(table: bytes) -> bytes:
    """A minimal OpenDocument spreadsheet whose only table holds `table` (rows of cells)."""
    content = (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        b'<office:spreadsheet><table:table table:name="Suivi">' + table + b"</table:table></office:spreadsheet>"
        b"</office:body></office:document-content>"
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def ods_cell(text: str, *, repeat: int = 1) -> bytes:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{repeated}><text:p>{text}</text:p></table:table-cell>'.encode()


def bomb(inflated_bytes: int) -> bytes:
    """An xlsx whose sheet, a few hundred KB compressed, inflates to `inflated_bytes` of blanks (honestly
    declared): streamed into the archive, never held whole in memory."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _XLSX_PARTS.items():
            archive.writestr(name, content)
        member = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        member.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(member, "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData>" + HEADER_ROW)
            blanks = b" " * (1024 * 1024)
            for _ in range(inflated_bytes // len(blanks)):
                sheet.write(blanks)
            sheet.write(b"</sheetData></worksheet>")
    return output.getvalue()


def understated(data: bytes, member_name: str, declared: int) -> bytes:
    """The archive with `member_name`'s uncompressed size declared as `declared` (its content unchanged)."""
    archive = bytearray(data)
    name = member_name.encode()
    local = archive.find(b"PK\x03\x04")
    while local != -1:
        name_length = struct.unpack_from("<H", archive, local + 26)[0]
        if archive[local + 30 : local + 30 + name_length] == name:
            struct.pack_into("<I", archive, local + 22, declared)
        local = archive.find(b"PK\x03\x04", local + 4)
    central = archive.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", archive, central + 28)[0]
        if archive[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", archive, central + 24, declared)
        central = archive.find(b"PK\x01\x02", central + 4)
    return bytes(archive)


_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
import django
django.setup()
from prevex.imports.reading import ImportFileError
face, name = sys.argv[1], sys.argv[2]
data = sys.stdin.buffer.read()
try:
    if face == "suivi":
        from prevex.imports.services import read_preview
        read_preview(team=None, data=data, filename=name)
    elif face == "prefecture":
        from prevex.intake.services import read_list
        read_list(data, name, team=None)
    elif face == "mds":
        from prevex.intake.social_services import read_answer
        read_answer(team=None, data=data, filename=name)
    else:  # the table and the layout a préfecture list is read into, with its merged cells
        from prevex.imports.reading import read_table
        from prevex.intake.layout import read_layout
        layout = read_layout(read_table(data, name))
        print(json.dumps({{"read": len(layout.data), "merged_rows": len(layout.merged_rows)}}))
        sys.exit(0)
    outcome = {{"read": True}}
except ImportFileError as error:
    outcome = {{"refused": error.messages}}
outcome["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(outcome))
"""


def read_in_child(face: str, data: bytes, filename: str, **environment: str) -> dict:
    """Read `data` as `face` ('suivi', 'prefecture', 'mds' or 'layout') in a child process limited to 1 GB.

    Fails the test (and only it) if the child dies: a native abort or a memory error is a regression."""
    result = subprocess.run(
        [sys.executable, "-c", _CHILD.format(limit=MEMORY_LIMIT), face, filename],
        input=data,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", **environment},
        timeout=300,
    )
    assert result.returncode == 0, f"the reader died ({result.returncode}): {result.stderr.decode()[-2000:]}"
    return json.loads(result.stdout.decode().strip().splitlines()[-1])
