"""Size bounds of a workbook, checked before the reader (python-calamine) allocates anything.

The reader builds a dense rectangle from the first cell to the last one used and inflates the zip members it
reads: a 1.6 KB xlsx with one cell at XFD1048576 asks it for 512 GB, and the process aborts (a native abort,
not a Python exception). So an xlsx or an ods is checked here first, streamed, in bounded memory:

- its kind: the reader also opens an xlsb (binary records, whatever the file's name), which is not measured
  here: an archive holding `xl/workbook.bin` is refused, so is one that is neither an xlsx nor an ods;
- every zip member: its declared size and compression ratio, then its real inflated size (measured on the raw
  deflate stream: the reader does not stop at the declared size), the total under
  `PREVEX_IMPORT_MAX_UNZIPPED_BYTES`;
- the cells, as the reader will place them: the `<dimension>` an xlsx declares, then the cells its sheets
  actually hold (the dimension can lie or be absent); the rows and cells an ods repeats
  (`table:number-rows-repeated`, `table:number-columns-repeated`); and the text the reader will copy into each
  cell (a shared string counts at every cell that uses it). Against `PREVEX_IMPORT_MAX_ROWS`, `_COLUMNS`,
  `_CELLS` and `_TEXT_CHARS`.

The tags are found as leniently as the reader's XML parser finds them (a regular expression over the bytes,
not a strict XML parser that would stop where the reader goes on), so that what is counted here is never less
than what the reader builds.

A legacy .xls is measured the same way before the reader opens it (which builds all its sheets at once, 1 GB
for one cell at IV65536): its compound file read as the reader reads it, chains that loop refused, then the
BIFF records of every sheet: the dimensions declared, the cells kept, the shared strings' text in each cell.
"""

import re
import struct
import sys
import zipfile
import zlib
from array import array
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

CHUNK = 64 * 1024
MAX_MEMBERS = 10_000
MAX_TAG_BYTES = 1024 * 1024
RATIO_FROM_BYTES = 1024 * 1024  # smaller members may compress better than the ratio: they are bounded anyway
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, …, then the file name's and the extra field's lengths
# A tag as the reader's parser (quick-xml) delimits it: '<', a name up to a blank, '/' or '>', then up to '>'.
_TAG = re.compile(rb"<(/?)([^\t\n\r />]+)([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([^\t\n\r =/]+)[\t\n\r ]*=[\t\n\r ]*(?:"([^"]*)"|'([^']*)')""")
_SHEET_DATA = re.compile(rb"<([^\t\n\r />]+:)?sheetData[\t\n\r />]")
_DIMENSION = re.compile(rb"<(?:[^\t\n\r />]+:)?dimension[\t\n\r ][^>]{0,1000}?ref[\t\n\r ]*=[\t\n\r ]*[\"']([^\"']*)")
_CELL_REF = re.compile(rb"([A-Za-z]{1,7})(\d{1,10})")
_BLANK = b" \t\r\n"
_R_ATTRIBUTE = re.compile(rb"""(?:^|[\t\n\r ])r[\t\n\r ]*=[\t\n\r ]*(?:"([^"]*)"|'([^']*)')""")
_T_ATTRIBUTE = re.compile(rb"""(?:^|[\t\n\r ])t[\t\n\r ]*=[\t\n\r ]*(?:"([^"]*)"|'([^']*)')""")


class BoundError(Exception):
    """The workbook is beyond the bounds, or its archive is abnormal; the French message names the file."""


@dataclass(frozen=True)
class Limits:
    rows: int
    columns: int
    cells: int
    text_chars: int
    unzipped_bytes: int
    zip_ratio: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            rows=settings.PREVEX_IMPORT_MAX_ROWS,
            columns=settings.PREVEX_IMPORT_MAX_COLUMNS,
            cells=settings.PREVEX_IMPORT_MAX_CELLS,
            text_chars=settings.PREVEX_IMPORT_MAX_TEXT_CHARS,
            unzipped_bytes=settings.PREVEX_IMPORT_MAX_UNZIPPED_BYTES,
            zip_ratio=settings.PREVEX_IMPORT_MAX_ZIP_RATIO,
        )


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def too_large(filename: str, limits: Limits) -> BoundError:
    return BoundError(
        _(
            "« %(name)s » est trop grand pour être importé : Prevex lit au plus %(rows)s lignes, %(columns)s "
            "colonnes et %(cells)s cellules par fichier (en comptant les cellules vides jusqu'à la dernière "
            "remplie). Supprimez les lignes et les colonnes en trop, ou découpez le fichier."
        )
        % {
            "name": filename,
            "rows": _thousands(limits.rows),
            "columns": _thousands(limits.columns),
            "cells": _thousands(limits.cells),
        }
    )


def too_much_text(filename: str) -> BoundError:
    return BoundError(
        _("« %(name)s » contient trop de texte pour être importé : découpez le fichier.") % {"name": filename}
    )


def abnormal_archive(filename: str) -> BoundError:
    return BoundError(
        _(
            "« %(name)s » n'est pas un classeur normal (archive anormale, ou bien trop volumineuse une fois "
            "décompressée) : enregistrez le tableau à nouveau depuis votre tableur."
        )
        % {"name": filename}
    )


def unreadable(filename: str) -> BoundError:
    return BoundError(
        _("Le classeur « %(name)s » ne peut pas être lu (fichier endommagé ou protégé par un mot de passe).")
        % {"name": filename}
    )


def binary_workbook(filename: str) -> BoundError:
    return BoundError(
        _(
            "« %(name)s » est un classeur Excel binaire (.xlsb) : enregistrez-le au format Excel (.xlsx) "
            "depuis votre tableur."
        )
        % {"name": filename}
    )


def check_extent(rows: int, columns: int, filename: str, limits: Limits | None = None) -> None:
    """A sheet of `rows` × `columns` (the dense rectangle the reader builds) is within the limits."""
    limits = limits or Limits.from_settings()
    if rows > limits.rows or columns > limits.columns or rows * columns > limits.cells:
        raise too_large(filename, limits)


def check_archive(data: bytes, filename: str) -> set[tuple[int, int]]:
    """Refuse (BoundError) an xlsx or ods beyond the limits; return the formula cells of its first sheet.

    An archive Python cannot open is refused here too: what it holds could not be measured.
    """
    limits = Limits.from_settings()
    try:
        archive = zipfile.ZipFile(_Bytes(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise unreadable(filename) from error
    with archive:
        members = archive.infolist()
    _check_kind(members, filename)
    _check_declared(members, filename, limits)
    scan = _Scan(filename, limits)
    for member in members:
        scan.member(member.filename, _inflated(data, member, filename))
    scan.finish()
    return scan.formulas


class _Bytes:
    """A read-only file over bytes that copies nothing (io.BytesIO would copy a 20 MB upload)."""

    def __init__(self, data: bytes):
        self._view, self._position = memoryview(data), 0

    def seekable(self):
        return True

    def tell(self):
        return self._position

    def seek(self, offset, whence=0):
        base = (0, self._position, len(self._view))[whence]
        self._position = max(0, base + offset)
        return self._position

    def read(self, size=-1):
        end = len(self._view) if size is None or size < 0 else min(len(self._view), self._position + size)
        chunk = bytes(self._view[self._position : end])
        self._position = max(self._position, end)
        return chunk


# The parts by which the reader takes an archive for an xlsb (binary records, which are not measured here).
_XLSB_PART = re.compile(r"xl/(?:workbook|(?:worksheets|chartsheets|macrosheets|dialogsheets)/[^/]*)\.bin")


def _check_kind(members, filename: str) -> None:
    """Only an xlsx or an ods goes on: the reader opens an xlsb whenever the archive holds `xl/workbook.bin`
    (names compared as it compares them: case and '\\' aside), whatever the file's name."""
    names = {member.filename.replace("\\", "/").lower() for member in members}
    if any(_XLSB_PART.fullmatch(name) for name in names):
        raise binary_workbook(filename)
    xlsx = any(name == "workbook.xml" or name.endswith("/workbook.xml") for name in names)  # where .rels says
    if not xlsx and not {"content.xml", "mimetype"} <= names:
        raise unreadable(filename)


def _check_declared(members, filename: str, limits: Limits) -> None:
    if len(members) > MAX_MEMBERS:
        raise abnormal_archive(filename)
    total = 0
    for member in members:
        total += member.file_size
        if (
            member.flag_bits & 0x1  # encrypted
            or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
            or total > limits.unzipped_bytes
            or (member.file_size > RATIO_FROM_BYTES and member.file_size > limits.zip_ratio * member.compress_size)
        ):
            raise abnormal_archive(filename)


def _inflated(data: bytes, member: zipfile.ZipInfo, filename: str):
    """The member's content in chunks, inflated from its raw bytes: refused as soon as it exceeds its declared
    size (Python's zipfile stops there, the reader does not: the stream itself is measured)."""
    offset = member.header_offset
    header = data[offset : offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise abnormal_archive(filename)
    _signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    start = offset + _LOCAL_HEADER.size + name_length + extra_length
    raw = memoryview(data)[start : start + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        if member.compress_size != member.file_size:
            raise abnormal_archive(filename)
        for position in range(0, len(raw), CHUNK):
            yield bytes(raw[position : position + CHUNK])
        return
    inflate, room = zlib.decompressobj(-15), member.file_size
    try:
        for position in range(0, len(raw), CHUNK):
            pending = bytes(raw[position : position + CHUNK])
            while not inflate.eof:
                piece = inflate.decompress(pending, CHUNK)
                pending = inflate.unconsumed_tail
                room -= len(piece)
                if room < 0:
                    raise abnormal_archive(filename)
                if piece:
                    yield piece
                if not pending and len(piece) < CHUNK:
                    break
            if inflate.eof:
                return
    except zlib.error as error:
        raise abnormal_archive(filename) from error


def _attributes(raw: bytes) -> dict[bytes, bytes]:
    """Attribute name (without its namespace prefix) -> raw value."""
    return {
        name.rpartition(b":")[2]: double if double is not None else single
        for name, double, single in _ATTRIBUTE.findall(raw)
    }


def _regions(chunks):
    """The stream cut into regions where every '<' has its '>' and the last text runs up to the next '<': a
    regular expression then finds each tag in one pass (no tag cut in two, no text either, and no '<' left
    without its '>', which would make each attempt run to the end of the buffer: quadratic)."""
    pending = b""
    for chunk in chunks:
        buffer = pending + chunk if pending else chunk
        cut = buffer.find(b"<", buffer.rfind(b">") + 1)
        if cut == -1:
            pending = b""
            yield buffer
        else:
            pending = buffer[cut:]
            if cut:
                yield buffer[:cut]
        if len(pending) > MAX_TAG_BYTES:
            raise ValueError("tag too long")
    if pending:
        yield pending


def _tags(chunks, limit: int):
    """(text before the tag, b'/' or b'' — None for the text after a region's last tag —, local name, raw
    attributes, is self-closing) of each tag, in order; ValueError beyond `limit` tags (they cost time)."""
    count = 0
    for region in _regions(chunks):
        position = 0
        for match in _TAG.finditer(region):
            count += 1
            if count > limit:
                raise ValueError("too many tags")
            closing, name, attributes = match.groups()
            empty = attributes[-1:] == b"/"
            yield region[position : match.start()], closing, name.rpartition(b":")[2], attributes, empty
            position = match.end()
        yield region[position:], None, b"", b"", False


def _attribute(pattern, attributes: bytes) -> bytes | None:
    match = pattern.search(attributes)
    return None if match is None else match.group(1) if match.group(1) is not None else match.group(2)


def _position(ref: bytes, _columns: dict = {}) -> tuple[int, int] | None:  # noqa: B006 (a cache on purpose)
    """b'B3' -> (2, 1), 0-based; None if it is not a cell reference."""
    match = _CELL_REF.fullmatch(ref)
    if match is None:
        match = _CELL_REF.fullmatch(ref.strip().replace(b"$", b""))
        if match is None:
            return None
    letters, digits = match.groups()
    column = _columns.get(letters)
    if column is None:
        column = 0
        for letter in letters.upper():
            column = column * 26 + letter - ord("A") + 1
        column -= 1
        if len(_columns) < 100_000:
            _columns[letters] = column
    return int(digits) - 1, column


class _Scan:
    """What the reader will build from the members of an xlsx or ods, counted member by member."""

    def __init__(self, filename: str, limits: Limits):
        self.filename, self.limits = filename, limits
        self.formulas: set[tuple[int, int]] = set()
        self.string_lengths = array("L")  # xl/sharedStrings.xml: the length of each shared string
        self.pending_shared = array("L")  # shared strings used by a sheet stored before them in the archive
        self.text_chars = 0
        self.value_cells = 0  # the reader keeps every cell it reads (even twice at the same place) before placing it
        self.ods_cells = 0

    def member(self, name: str, chunks) -> None:
        """Inflate the member in full (its real size is checked on the way) and count what it holds."""
        try:
            if name == "content.xml":
                _OdsContent(self).read(_tags(chunks, 8 * self.limits.cells))
            elif name.lower() == "xl/sharedstrings.xml":
                _SharedStrings(self).read(_tags(chunks, 8 * self.limits.cells))
            else:
                self._maybe_sheet(name, chunks)
        except ValueError as error:  # a tag beyond any reason, a number the reader cannot read
            raise abnormal_archive(self.filename) from error

    def _maybe_sheet(self, name: str, chunks) -> None:
        """Any member with a <sheetData> may be a sheet for the reader (its path comes from the relationships)."""
        tail = b""
        for chunk in chunks:
            buffer = tail + chunk
            for ref in _DIMENSION.findall(buffer):
                self._declared(ref)
            if found := _SHEET_DATA.search(buffer):
                start = buffer.rfind(b"<", 0, found.start() + 1)
                _XlsxSheet(self, first=name == "xl/worksheets/sheet1.xml").read(_chain(buffer[start:], chunks))
                return
            tail = buffer[-256:]

    def _declared(self, ref: bytes) -> None:
        """The dimension the sheet declares, read first: refused before its cells are counted."""
        last = _position(ref.rpartition(b":")[2])
        if last is not None:
            self.check_extent(last[0] + 1, last[1] + 1)

    def finish(self) -> None:
        lengths = self.string_lengths
        for index in self.pending_shared:
            self.add_text(lengths[index] if index < len(lengths) else 0)

    def add_text(self, length: int) -> None:
        self.text_chars += length
        if self.text_chars > self.limits.text_chars:
            raise too_much_text(self.filename)

    def add_value_cell(self) -> None:
        self.value_cells += 1
        if self.value_cells > self.limits.cells:
            raise too_large(self.filename, self.limits)

    def check_extent(self, rows: int, columns: int) -> None:
        check_extent(rows, columns, self.filename, self.limits)


def _chain(first: bytes, rest):
    yield first
    yield from rest


class _SharedStrings:
    def __init__(self, scan: _Scan):
        self.scan = scan

    def read(self, tags) -> None:
        length, inside, lengths = 0, False, self.scan.string_lengths
        for text, closing, name, _raw, empty in tags:
            if inside:
                length += len(text)
            if name != b"si" or closing is None:
                continue
            if not closing and not empty:
                length, inside = 0, True
                continue
            inside = False
            lengths.append(min(length, 2**32 - 1))
            if len(lengths) > self.scan.limits.cells:
                raise too_much_text(self.scan.filename)


_P = rb"(?:[^\t\n\r />:]+:)?"  # a namespace prefix, as the reader ignores it
# The tags of a sheet the reader acts on, each with the text that follows it (a <v>'s value).
_SHEET_TAG = re.compile(rb"<(/?)" + _P + rb"(c|row|v|is|f|sheetData)(?=[\t\n\r />])([^>]*)>([^<]*)")


class _XlsxSheet:
    """Cells placed as the reader places them: a cell's `r`, else its row's `r` and the cells before it in the
    row (rows are ignored inside a cell, as the reader does). Only the cells holding a value (`<v>`, `<is>`)
    count for the extent, as only those are kept; a cell within a cell is refused, as the reader does."""

    def __init__(self, scan: _Scan, *, first: bool):
        self.scan, self.first = scan, first
        self.row = self.column = self.rows = self.columns = 0
        self.cell = None  # (row, column) of the cell being read
        self.cells = 0

    def read(self, chunks) -> None:
        base = 0  # where the region starts in the member: an inline string's length may span regions
        for region in _regions(chunks):
            for match in _SHEET_TAG.finditer(region):
                closing, name, attributes, text = match.groups()
                if name == b"c":
                    if closing:
                        self._end_cell(base + match.start())
                    elif self.cell is not None:
                        raise ValueError("a cell in a cell")  # the reader fails on it
                    else:
                        self._start_cell(attributes, base + match.end() - len(text))
                        if attributes[-1:] == b"/":
                            self._end_cell(base + match.end())
                elif self.cell is not None:
                    if closing:
                        continue
                    if name == b"v":
                        self.has_value, self.value = True, text
                    elif name == b"is":
                        self.has_value, self.inline = True, True
                    elif name == b"f" and self.first:
                        self.scan.formulas.add(self.cell)
                    elif name in (b"c", b"row", b"sheetData"):
                        raise ValueError("unexpected element in a cell")
                elif name == b"row":
                    self._row(closing, attributes)
                elif name == b"sheetData" and closing:
                    return
            base += len(region)

    def _row(self, closing: bytes, attributes: bytes) -> None:
        if not closing:
            row = _attribute(_R_ATTRIBUTE, attributes)
            if row is not None:
                if not row.strip().isdigit() or len(row.strip()) > 10:
                    raise ValueError("row number")
                self.row = int(row) - 1
            self.column = 0
        if closing or attributes[-1:] == b"/":
            self.row, self.column = self.row + 1, 0

    def _start_cell(self, attributes: bytes, start: int) -> None:
        self.cells += 1
        if self.cells > 4 * self.scan.limits.cells:  # empty ones too: they cost time to read, if not memory
            raise too_large(self.scan.filename, self.scan.limits)
        reference = _attribute(_R_ATTRIBUTE, attributes)
        if reference is not None:
            position = _position(reference)
            if position is None:
                raise ValueError("cell reference")
            self.row, self.column = position
        self.cell = (self.row, self.column)
        self.column += 1
        self.shared = _attribute(_T_ATTRIBUTE, attributes) == b"s"
        self.has_value, self.inline, self.value, self.start = False, False, b"", start

    def _end_cell(self, end: int) -> None:
        if self.cell is None:
            return
        row, column = self.cell
        self.cell = None
        if not self.has_value:
            return  # no value: the reader does not keep it
        if row >= self.rows or column >= self.columns:
            self.rows, self.columns = max(self.rows, row + 1), max(self.columns, column + 1)
            self.scan.check_extent(self.rows, self.columns)
        self.scan.add_value_cell()
        index = self.value.strip()
        if self.shared and not self.inline and index.isdigit() and len(index) <= 9:
            self._shared_string(int(index))
        elif self.inline:  # an inline string: all the cell holds, tags included
            self.scan.add_text(end - self.start)
        else:
            self.scan.add_text(len(self.value))

    def _shared_string(self, index: int) -> None:
        """Counted now if the shared strings came first in the archive (as Excel writes it), else at the end."""
        lengths = self.scan.string_lengths
        if index < len(lengths):
            self.scan.add_text(lengths[index])
        else:
            self.scan.pending_shared.append(index)


class _OdsContent:
    """content.xml: every table is built when the workbook opens, repeated rows and cells expanded."""

    def __init__(self, scan: _Scan):
        self.scan = scan

    def read(self, tags) -> None:
        table = None  # [rows so far, extent in rows, extent in columns]
        row_repeat, column, depth = 1, 0, 0
        for text, closing, name, raw, empty in tags:
            if depth and text.strip(_BLANK):
                self.cell_text += len(text)
                self.cell_used = True
            if closing is None:
                continue
            if name == b"table":
                if depth:
                    raise ValueError("table in a cell")
                if not closing and not empty:
                    table = [0, 0, 0]
                elif table is not None:
                    self.scan.ods_cells += table[1] * table[2]
                    table = None
            elif table is None:
                continue
            elif depth:
                depth += 0 if empty else (-1 if closing else 1)
                if not closing:
                    self.cell_used = True
                    attributes = _attributes(raw)
                    self.cell_text += self._repeat(attributes, b"c") if name == b"s" else 1
                    self.cell_text += sum(len(value) for value in attributes.values())
                if depth == 0:
                    column = self._end_cell(table, column, row_repeat)
            elif name == b"table-row" and not closing:
                row_repeat, column = self._repeat(_attributes(raw), b"number-rows-repeated"), 0
                if empty:
                    table[0] += row_repeat
            elif name == b"table-row":
                table[0] += row_repeat
            elif name in (b"table-cell", b"covered-table-cell") and not closing:
                attributes = _attributes(raw)
                self.cell_repeat = self._repeat(attributes, b"number-columns-repeated")
                self.cell_used = b"value-type" in attributes or b"formula" in attributes
                self.cell_text = sum(len(value) for value in attributes.values())
                depth = 1
                if empty:
                    depth, column = 0, self._end_cell(table, column, row_repeat)

    def _end_cell(self, table, column: int, row_repeat: int) -> int:
        if self.cell_used:
            table[1] = max(table[1], table[0] + row_repeat)
            table[2] = max(table[2], column + self.cell_repeat)
            self.scan.check_extent(table[1], table[2])
            if self.scan.ods_cells + table[1] * table[2] > self.scan.limits.cells:
                raise too_large(self.scan.filename, self.scan.limits)
            self.scan.add_text(self.cell_text * self.cell_repeat * row_repeat)
        return column + self.cell_repeat

    def _repeat(self, attributes, name: bytes) -> int:
        value = attributes.get(name, b"1").strip()
        if not value.isdigit() or len(value) > 10:
            raise ValueError("repetition")
        return max(int(value), 1)


# Legacy .xls: a compound file (MS-CFB) whose "Workbook" stream holds BIFF records (MS-XLS). Read here as the
# reader reads it (its own compound-file code, not the directory tree a general library walks): the first
# directory entry bearing the name, whatever the tree says; the mini stream below 4,096 bytes. A chain the
# reader would follow forever (a cycle, it reads until the declared size: gigabytes) or out of its tables (a
# panic) is refused, as is any sector beyond the end of the file.

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_WORKBOOK_NAMES = ("Workbook", "Book", "WORKBOOK", "BOOK")  # tried in this order by the reader
_BOF, _EOF, _CONTINUE, _FILEPASS, _BOUNDSHEET, _SST = 0x0809, 0x000A, 0x003C, 0x002F, 0x0085, 0x00FC
_DIMENSIONS, _ROW, _LABELSST, _MULRK, _MULBLANK, _BLANK_CELL = 0x0200, 0x0208, 0x00FD, 0x00BD, 0x00BE, 0x0201
_LABEL, _RSTRING, _STRING, _FORMULA = 0x0204, 0x00D6, 0x0207, 0x0006
_VALUE_CELLS = frozenset({0x0203, 0x027E, 0x0205, _LABEL, _RSTRING, _LABELSST, _FORMULA})  # kept by the reader


def check_ole(data: bytes, filename: str) -> None:
    """Refuse (BoundError) a legacy .xls beyond the limits, protected by a password, or that the reader would
    read otherwise than measured here. The reader builds every sheet when the workbook opens, not only the
    first: all are counted."""
    try:
        stream = _CompoundFile(data).workbook()
        _Biff(stream, _Scan(filename, Limits.from_settings())).read()
    except (ValueError, IndexError, struct.error) as error:
        raise unreadable(filename) from error


class _CompoundFile:
    def __init__(self, data: bytes):
        if len(data) < 512 or data[:8] != OLE_SIGNATURE:
            raise ValueError("not a compound file")
        self.data, self.cut_read = data, False
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6 or len(data) < (1 << shift):
            raise ValueError("sector size")
        self.size = 1 << shift
        self.last = len(data) // self.size  # the reader's bound on a sector number
        version = struct.unpack_from("<H", data, 26)[0]
        dir_start, _transaction, _cutoff, mini_fat_start, mini_fat_len, difat_start = struct.unpack_from(
            "<IIIIII", data, 48
        )
        self.fat = self._fat(difat_start)
        directory = self._chain(dir_start, self.fat, self._sector, None)
        if not directory or len(directory) % 128:
            raise ValueError("directory")
        self.entries = [directory[at : at + 128] for at in range(0, len(directory), 128)]
        root_start, root_len = self._entry(self.entries[0])[1:]
        if version != 3 and root_start == _END_OF_CHAIN:
            raise ValueError("empty root")
        self.mini_stream = self.mini_fat = None
        if mini_fat_len > 0:
            self.mini_stream = self._chain(root_start, self.fat, self._sector, root_len)
            self.mini_fat = _u32s(self._chain(mini_fat_start, self.fat, self._sector, mini_fat_len * self.size))

    def workbook(self) -> bytes:
        named, loosely = {}, set()
        for entry in self.entries:
            name = self._entry(entry)[0]
            named.setdefault(name, entry)
            # Two entries a reader could take for the same stream (decoded otherwise, another case): refused.
            variants = {text.partition("\0")[0].strip().lower() for text in (name, _utf16(entry[:64]))}
            for variant in variants & {"workbook", "book"}:
                if variant in loosely:
                    raise ValueError("two workbook streams")
                loosely.add(variant)
        for name in _WORKBOOK_NAMES:
            if name in named:
                _name, start, length = self._entry(named[name])
                if length >= 4096:
                    return self._chain(start, self.fat, self._sector, length)
                if self.mini_fat is None:
                    raise ValueError("no mini stream")
                return self._chain(start, self.mini_fat, self._mini_sector, length)
        raise ValueError("no workbook stream")

    def _entry(self, entry: bytes) -> tuple[str, int, int]:
        name = _sniffed(entry[:64]).partition("\0")[0]
        start = struct.unpack_from("<I", entry, 116)[0]
        length = struct.unpack_from("<I" if self.size == 512 else "<Q", entry, 120)[0]
        return name, start, length

    def _fat(self, difat_start: int) -> array:
        difat = _u32s(self.data[76:512])  # arrays, not lists: a hostile DIFAT lists millions of sectors
        sector, steps = difat_start, 0
        while sector < 0xFFFFFFFA:
            steps += 1
            if steps > self.last + 1:
                raise ValueError("DIFAT cycle")
            difat.extend(_u32s(self._sector(sector)))
            sector = difat.pop()
        fat, fat_sectors = array("I"), 0
        for sector in difat:
            if sector < 0xFFFFFFFC:
                fat_sectors += 1
                if fat_sectors > self.last + 1:
                    raise ValueError("FAT")
                fat.extend(_u32s(self._sector(sector)))
        return fat

    def _sector(self, number: int) -> bytes:
        start = (number + 1) * self.size  # the header takes the first sector's place
        if number > self.last or start >= len(self.data):
            raise ValueError("sector beyond the end of the file")
        piece = self.data[start : start + self.size]
        if len(piece) < self.size:  # the file's last sector, cut short: the reader pads it after reading it once
            if self.cut_read:
                piece = piece.ljust(self.size, b"\0")
            self.cut_read = True
        return piece

    def _mini_sector(self, number: int) -> bytes:
        start = number * 64
        if number > self.last * 8 or start + 64 > len(self.mini_stream):
            raise ValueError("mini sector beyond the mini stream")  # the reader would read the file on
        return self.mini_stream[start : start + 64]

    def _chain(self, sector: int, table, read, length: int | None) -> bytes:
        """The sectors from `sector` on, `length` bytes at most (None: to the end of the chain)."""
        pieces, total, steps = [], 0, 0
        while sector != _END_OF_CHAIN:
            steps += 1
            if steps > self.last * (8 if read == self._mini_sector else 1) + 1:
                raise ValueError("cycle")
            piece = read(sector)
            if length is not None:
                piece = piece[: length - total]
            pieces.append(piece)
            total += len(piece)
            if length is not None and total >= length:
                break
            if sector >= len(table):
                raise ValueError("sector beyond the table")
            sector = table[sector]
        return b"".join(pieces)


def _u32s(raw: bytes) -> array:
    """Little-endian 32-bit numbers, a trailing part ignored (as the reader ignores it)."""
    numbers = array("I", raw[: len(raw) // 4 * 4])
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _utf16(raw: bytes) -> str:
    return raw.decode("utf-16-le", errors="replace")


def _sniffed(raw: bytes) -> str:
    """A directory entry's name as the reader decodes it (encoding_rs: a byte-order mark overrides UTF-16LE)."""
    for mark, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(mark):
            return raw[len(mark) :].decode(encoding, errors="replace")
    return _utf16(raw)


def _records(stream: memoryview, position: int):
    """(type, data, CONTINUE data) of each record from `position`, as the reader cuts them."""
    end = len(stream)
    while position < end:
        if end - position < 4:
            raise ValueError("record header")
        kind, length = struct.unpack_from("<HH", stream, position)
        if end - position < length + 4:
            raise ValueError("record length")
        data, position = stream[position + 4 : position + 4 + length], position + 4 + length
        more = []
        while end - position > 4 and struct.unpack_from("<H", stream, position)[0] == _CONTINUE:
            length = struct.unpack_from("<H", stream, position + 2)[0]
            if end - position < length + 4:
                raise ValueError("continue length")
            more.append(stream[position + 4 : position + 4 + length])
            position += 4 + length
        yield kind, data, more


class _Biff:
    """The globals (sheets' positions, shared strings, password), then every sheet from its position: the
    cells the reader keeps, and the rectangle it reserves for a sheet's declared dimensions."""

    def __init__(self, stream: bytes, scan: _Scan):
        self.stream, self.scan = memoryview(stream), scan
        self.strings = array("L")  # the length of each shared string
        self.dense = 0
        # Each sheet is read from its position in the stream: sheets do not overlap, so together they hold at
        # most the stream's records (4 bytes each at least). Many sheets at one position would cost time.
        self.records_left = len(stream) // 4 + 1

    def read(self) -> None:
        positions = []
        for kind, data, more in _records(self.stream, 0):
            if kind == _FILEPASS and struct.unpack_from("<H", data)[0] != 0:
                raise ValueError("protected by a password")
            if kind == _BOUNDSHEET:
                position, state, sheet_type = struct.unpack_from("<IBB", data)
                if state & 0x3F > 2 or sheet_type not in (0, 1, 2, 6) or position > len(self.stream):
                    raise ValueError("sheet")  # the reader fails (or panics, beyond the stream)
                positions.append(position)
            elif kind == _SST:
                self._shared_strings(data, more)
            elif kind == _EOF:
                break
        for position in positions:
            self._sheet(position)

    def _sheet(self, position: int) -> None:
        rows = columns = 0
        seen_bof, depth = False, 0
        for kind, data, _more in _records(self.stream, position):
            self.records_left -= 1
            if self.records_left < 0:
                raise abnormal_archive(self.scan.filename)
            # An embedded chart's substream (BOF … EOF within the sheet) is skipped by recent readers, read by
            # older ones: its cells are counted, and the sheet ends at its own EOF.
            if kind == _BOF:
                depth, seen_bof = depth + seen_bof, True
            elif kind == _EOF:
                if not depth:
                    break
                depth -= 1
            last = self._cell(kind, data)
            if last is not None and (last[0] >= rows or last[1] >= columns):
                rows, columns = max(rows, last[0] + 1), max(columns, last[1] + 1)
                self.scan.check_extent(rows, columns)
        self.dense += rows * columns
        if self.dense > self.scan.limits.cells:
            raise too_large(self.scan.filename, self.scan.limits)

    def _cell(self, kind: int, data: memoryview) -> tuple[int, int] | None:
        """The last (row, column) the record places, counting what the reader keeps; None if none."""
        if kind in _VALUE_CELLS:
            row, column = struct.unpack_from("<HH", data)
            self.scan.add_value_cell()
            if kind == _LABELSST:
                index = struct.unpack_from("<I", data, 6)[0] if len(data) >= 10 else len(self.strings)
                self.scan.add_text(self.strings[index] if index < len(self.strings) else 0)
            elif kind in (_LABEL, _RSTRING):
                self.scan.add_text(len(data))
            return row, column
        if kind == _STRING:  # a formula's text value, at the formula's place (already counted)
            self.scan.add_text(len(data))
        elif kind in (_MULRK, _MULBLANK):  # row, first column, then 6 (RK) or 2 (blank) bytes a cell, last column
            row, first = struct.unpack_from("<HH", data)
            count = max(-(-(len(data) - 6) // (6 if kind == _MULRK else 2)), 0)
            for _ in range(count if kind == _MULRK else 0):
                self.scan.add_value_cell()
            return row, first + max(count, 1) - 1
        elif kind in (_BLANK_CELL, _ROW):
            row, column = struct.unpack_from("<HH", data)
            return row, column if kind == _BLANK_CELL else 0
        elif kind == _DIMENSIONS:
            self._dimensions(data)
        return None

    def _dimensions(self, data: memoryview) -> None:
        """The reader reserves (last row − first row + 1) × (last column − first column + 1) cells, in 32-bit
        arithmetic that wraps: a first row past the last one is 4 billion rows."""
        if len(data) == 14:
            first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", data)
        elif len(data) == 10:
            first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", data)
        else:
            raise ValueError("dimensions")
        if first_column > 0xFF or last_column < first_column:
            first_column = 0
        if last_row < 1 or last_column < 1:
            return
        rows = (last_row - first_row) & 0xFFFFFFFF
        columns = (last_column - first_column) & 0xFFFFFFFF
        self.scan.check_extent(last_row, last_column)
        if rows * columns > self.scan.limits.cells:
            raise too_large(self.scan.filename, self.scan.limits)

    def _shared_strings(self, data: memoryview, more: list) -> None:
        """The length of each shared string (XLUnicodeRichExtendedString), read as the reader reads them: its
        characters may continue in the next CONTINUE record, which then starts with a new flags byte."""
        pieces = iter(more)
        data = data[8:]  # cstTotal, cstUnique
        while True:
            if not data:
                data = next(pieces, None)
                if data is None:
                    return
                continue
            if len(data) < 3:
                raise ValueError("shared string")
            length, flags = struct.unpack_from("<HB", data)
            data = data[3:]
            runs = extension = 0
            if flags & 0x8:
                runs, data = struct.unpack_from("<H", data)[0], data[2:]
            if flags & 0x4:
                extension, data = struct.unpack_from("<i", data)[0] % 2**64, data[4:]
            self.strings.append(length)
            if len(self.strings) > self.scan.limits.cells:
                raise too_much_text(self.scan.filename)
            wide, left = flags & 0x1, length
            while left:
                taken = min(len(data) // 2 if wide else len(data), left)
                data, left = data[taken * (2 if wide else 1) :], left - taken
                if left:
                    data = next(pieces, None)
                    if data is None:
                        raise ValueError("shared string")
                    wide, data = data[0] & 0x1, data[1:]
            for skip in (runs * 4, extension):
                while skip:
                    if not data:
                        data = next(pieces, None)
                        if data is None:
                            raise ValueError("shared string")
                    taken = min(skip, len(data))
                    data, skip = data[taken:], skip - taken
