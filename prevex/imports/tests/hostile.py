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


# xlsb: a zip of binary records (MS-XLSB), which the reader opens whatever the file's name.


def _xlsb_record(kind: int, body: bytes = b"") -> bytes:
    """A record: its type and its size, each in 7-bit groups (low first, high bit = more follows)."""

    def groups(number: int) -> bytes:
        out = bytearray()
        while True:
            out.append((number & 0x7F) | (0x80 if number > 0x7F else 0))
            number >>= 7
            if not number:
                return bytes(out)

    return groups(kind) + groups(len(body)) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb(row: int, column: int) -> bytes:
    """A minimal binary workbook whose first sheet holds the number 1 at (`row`, `column`), 0-based."""
    workbook = (
        _xlsb_record(0x0083)  # BrtBeginBook
        + _xlsb_record(0x0099, bytes(12))  # BrtWbProp
        + _xlsb_record(0x008F)  # BrtBeginBundleShs
        + _xlsb_record(0x009C, struct.pack("<II", 0, 1) + _wide("rId1") + _wide("Suivi"))  # BrtBundleSh
        + _xlsb_record(0x0090)  # BrtEndBundleShs
        + _xlsb_record(0x0084)  # BrtEndBook
    )
    sheet = (
        _xlsb_record(0x0081)  # BrtBeginSheet
        + _xlsb_record(0x0094, struct.pack("<IIII", 0, row, 0, column))  # BrtWsDim
        + _xlsb_record(0x0091)  # BrtBeginSheetData
        + _xlsb_record(0x0000, struct.pack("<IIHBBB", row, 0, 0, 0, 0, 0))  # BrtRowHdr
        + _xlsb_record(0x0002, struct.pack("<III", column, 0, (1 << 2) | 2))  # BrtCellRk: the integer 1
        + _xlsb_record(0x0092)  # BrtEndSheetData
        + _xlsb_record(0x0082)  # BrtEndSheet
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>'
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_rels/.rels", _XLSX_PARTS["_rels/.rels"].replace("workbook.xml", "workbook.bin"))
        archive.writestr("xl/_rels/workbook.bin.rels", relationships)
        archive.writestr("xl/workbook.bin", workbook)
        archive.writestr("xl/worksheets/sheet1.bin", sheet)
    return output.getvalue()


# Legacy .xls: BIFF8 records in the "Workbook" stream of a compound file (MS-XLS, MS-CFB).


def biff(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(substream: int) -> bytes:
    return biff(0x0809, struct.pack("<HHHHII", 0x0600, substream, 0x0DBB, 0x07CC, 0, 0x0006))


def number(row: int, column: int, value: float) -> bytes:
    return biff(0x0203, struct.pack("<HHHd", row, column, 0, value))


def label(row: int, column: int, text: str) -> bytes:
    return biff(0x0204, struct.pack("<HHHHB", row, column, 0, len(text), 1) + text.encode("utf-16-le"))


def label_sst(row: int, column: int, index: int) -> bytes:
    return biff(0x00FD, struct.pack("<HHHI", row, column, 0, index))


def xls(*sheets: bytes, sst: list[str] | None = None, before: bytes = b"", small: bool = False) -> bytes:
    """A workbook of the given sheets (each the records between its BOF and EOF), shared strings `sst`;
    `before`: records at the start of the workbook's globals. Padded to 4 KB (as Excel pads it) unless
    `small`: then stored in the mini stream."""
    names = [f"Feuille{index + 1}".encode("latin-1") for index in range(len(sheets))]
    strings = b"".join(struct.pack("<HB", len(text), 1) + text.encode("utf-16-le") for text in sst or [])
    shared = biff(0x00FC, struct.pack("<II", len(sst), len(sst)) + strings) if sst else b""
    # The globals' size is known before the sheets' offsets are: each BoundSheet8 is 4 + 8 + its name.
    globals_size = len(_bof(0x0005)) + len(before) + sum(4 + 8 + len(name) for name in names) + len(shared) + 4
    position, bound_sheets, bodies = globals_size, b"", b""
    for name, records in zip(names, sheets, strict=True):
        bound_sheets += biff(0x0085, struct.pack("<IBBBB", position, 0, 0, len(name), 0) + name)
        body = _bof(0x0010) + records + biff(0x000A)
        bodies += body
        position += len(body)
    stream = _bof(0x0005) + before + bound_sheets + shared + biff(0x000A) + bodies
    return compound_file(stream if small else stream.ljust(4096, b"\0"))


def compound_file(workbook: bytes) -> bytes:
    """A version 3 compound file (512-byte sectors) holding one stream, "Workbook": the FAT sectors, the
    directory, [the mini FAT,] then the stream's sectors. Under 4 KB, the stream is stored as Excel stores it,
    in 64-byte sectors within the mini stream (the root entry's own stream)."""
    sector, free, end = 512, 0xFFFFFFFF, 0xFFFFFFFE
    mini = len(workbook) < 4096
    mini_sectors = -(-len(workbook) // 64)
    content = workbook.ljust(mini_sectors * 64, b"\0") if mini else workbook  # the mini stream, or the stream
    content_sectors = -(-len(content) // sector)
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + 1 + mini + content_sectors:
        fat_sectors += 1
    assert fat_sectors <= 109, "beyond the header's FAT list"
    directory_at, first = fat_sectors, fat_sectors + 1 + mini
    fat = [0xFFFFFFFD] * fat_sectors + [end] + [end] * mini  # the FAT, the directory, the mini FAT
    fat += [first + index + 1 for index in range(content_sectors - 1)] + [end]
    fat += [free] * (fat_sectors * 128 - len(fat))
    mini_fat = struct.pack(f"<{mini_sectors}I", *range(1, mini_sectors), end).ljust(sector, b"\xff") if mini else b""
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack(
            "<IIIIIIIII", 0, fat_sectors, directory_at, 0, 4096, directory_at + 1 if mini else end, int(mini), end, 0
        )
        + struct.pack(f"<{109}I", *(list(range(fat_sectors)) + [free] * (109 - fat_sectors)))
    )

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, free, free, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<III", start, size, 0)
        )

    root = entry("Root Entry", 5, 1, first, len(content)) if mini else entry("Root Entry", 5, 1, end, 0)
    directory = root + entry("Workbook", 2, free, 0 if mini else first, len(workbook)) + entry("", 0, free, 0, 0) * 2
    sectors = struct.pack(f"<{len(fat)}I", *fat) + directory + mini_fat + content.ljust(content_sectors * sector, b"\0")
    return header + sectors


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
        from prevex.imports.suivi.services import read_preview
        read_preview(team=None, data=data, filename=name)
    elif face == "prefecture":
        from prevex.intake.prefecture.services import read_list
        read_list(data, name, team=None)
    elif face == "mds":
        from prevex.intake.mds.services import read_answer
        read_answer(team=None, data=data, filename=name)
    else:  # the table and the layout a préfecture list is read into, with its merged cells
        from prevex.imports.reading import read_table
        from prevex.imports.layout import read_layout
        from prevex.intake.prefecture.fields import CATALOGUE

        layout = read_layout(read_table(data, name), catalogue=CATALOGUE)
        print(json.dumps({{"read": len(layout.data), "merged_rows": len(layout.merged_rows)}}))
        sys.exit(0)
    outcome = {{"read": True}}
except ImportFileError as error:
    outcome = {{"refused": error.messages}}
def peak_mb():
    # This process's own peak: VmHWM resets at exec, while ru_maxrss keeps the parent's high-water mark of the
    # fork (a pytest process grown by the suite would be measured instead of the reader).
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
outcome["max_rss_mb"] = peak_mb()
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
