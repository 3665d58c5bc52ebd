"""Build (or check) the bundled Simplified Chinese font subset for hybrowser.

Usage (from the repository root)::

    python resources/fonts/make_font.py            # regenerate NotoSansSC-Subset.otf
    python resources/fonts/make_font.py --check    # exit 1 if a used character is missing

The source is the Simplified Chinese face ("Noto Sans CJK SC" Regular) of
Debian's fonts-noto-cjk ``NotoSansCJK-Regular.ttc``.  The subset covers the
Unicode blocks in ``RANGES`` (ASCII, Latin-1, punctuation, CJK symbols,
full-width forms, arrows, maths, circled numbers, units, UI symbols) as far as
the source font has them, the symbols in ``EXTRA_CHARACTERS``, every character
of GB2312 (including all 6763 hanzi) and every character used in the text
files under ``resources/`` and the Python sources under ``hybrowser/``.
The family is renamed "Noto Sans SC" (see ``FAMILY``).

The output is deterministic: the same source font, fontTools version and
input texts give byte-identical files (head.created/modified are copied from
the source font and never recalculated).

This file is kept ASCII-only on purpose: it is scanned like every other
text file under ``resources/``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
OUTPUT = HERE / "NotoSansSC-Subset.otf"

SOURCE_CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # Debian / Ubuntu
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),  # Arch
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),  # Fedora
)
SOURCE_FAMILY = "Noto Sans CJK SC"

# Names written into the subset (name table and CFF top dict).  Noto declares
# no Reserved Font Name, so a modified version may keep "Noto"; "Noto Sans SC"
# is the name upstream gives its Simplified-Chinese-only subset fonts, and it
# differs from an installed "Noto Sans CJK SC", so the bundled subset never
# shadows a complete system copy (and tests can tell the two apart).
FAMILY = "Noto Sans SC"
STYLE = "Regular"
FULL_NAME = f"{FAMILY} {STYLE}"
PS_NAME = "NotoSansSC-Regular"

# Files scanned for characters, under every directory passed in.
SCANNED_SUFFIXES = (".csv", ".txt", ".md", ".json", ".geojson", ".py")
SKIPPED_DIRS = {"__pycache__", ".git", ".venv", "node_modules"}

# Inclusive code point ranges; points the source font lacks are skipped.
RANGES = (
    (0x0020, 0x007E),  # ASCII printable
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x2000, 0x206F),  # General Punctuation
    (0x2100, 0x214F),  # Letterlike Symbols (degree Celsius, numero)
    (0x2150, 0x218F),  # Number Forms (Roman numerals)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (circled numbers)
    (0x25A0, 0x25FF),  # Geometric Shapes
    (0x2600, 0x26FF),  # Miscellaneous Symbols (warning sign, stars)
    (0x2700, 0x27BF),  # Dingbats (check mark, negative circled numbers)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3200, 0x32FF),  # Enclosed CJK Letters and Months
    (0x3300, 0x33FF),  # CJK Compatibility (square units such as km2, kg)
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
)
# Individual symbols common in statistical bulletins:
# en/em dash, ellipsis, middle dot, bullet, times, divide, degree,
# >= <= ~= minus, subscript two, superscript two, degree Celsius, per mille,
# plus-minus, not-equal, ratio, square root, infinity, reference mark,
# numero sign, square metre; then all superscript and subscript digits.
SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3" + "".join(chr(0x2074 + d) for d in range(6))
SUBSCRIPT_DIGITS = "".join(chr(0x2080 + d) for d in range(10))
EXTRA_CHARACTERS = (
    "\u2013\u2014\u2026\u00b7\u2022\u00d7\u00f7\u00b0"
    "\u2265\u2264\u2248\u2212\u2082\u00b2"
    "\u2103\u2030\u00b1\u2260\u2236\u221a\u221e\u203b\u2116\u33a1" + SUPERSCRIPT_DIGITS + SUBSCRIPT_DIGITS
)

# Noto Sans CJK has only the Latin-1 superscripts (one, two, three) and no
# subscript digits.  The missing ones ("x10^8" in hybrowser, "CO2"/"PM2.5" in
# bulletins) are synthesised by scaling its lining digits: superscripts to the
# size and height of its own superscript two, subscripts to its OS/2 subscript
# size and offset, all on the superscripts' advance width.

# GSUB/GPOS features that are dropped: vertical-writing features (vmtx/vhea
# are dropped too) and 'locl', whose closure would pull in the Japanese,
# Korean and Traditional Chinese variants of every hanzi and double the size.
DROPPED_FEATURES = {"locl", "vert", "vrt2", "valt", "vhal", "vkrn", "vpal"}
DROPPED_TABLES = ["VORG", "vhea", "vmtx", "BASE"]

# Characters that never need a glyph: controls, format characters (BOM, ZWJ),
# line/paragraph separators, private use, unassigned, variation selectors.
_IGNORED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _ignored(ch: str) -> bool:
    cp = ord(ch)
    return (
        unicodedata.category(ch) in _IGNORED_CATEGORIES or 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF
    )


def gb2312_characters() -> set[str]:
    """Every character of GB2312, found by decoding each valid two-byte code."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def gb2312_hanzi() -> set[str]:
    """The 6763 Han characters of GB2312."""
    return {c for c in gb2312_characters() if unicodedata.name(c, "").startswith("CJK UNIFIED")}


def default_scan_paths(root: Path = REPO_ROOT) -> list[Path]:
    """The trees whose characters must all be in the bundled font."""
    return [root / "resources", root / "hybrowser"]


def iter_text_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Text files in *paths* (files are taken as given, directories searched)."""
    for path in map(Path, paths):
        if path.is_file():
            yield path
        elif path.is_dir():
            for file in sorted(path.rglob("*")):
                rel_parts = file.relative_to(path).parts
                if any(p in SKIPPED_DIRS or p.startswith(".") for p in rel_parts[:-1]):
                    continue
                if file.is_file() and file.suffix.lower() in SCANNED_SUFFIXES:
                    yield file


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("utf-8", data, 0, 1, f"{path}: neither UTF-8 nor GB18030")


def _json_strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _json_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _json_strings(item)


def characters_in_file(path: Path) -> set[str]:
    """Characters a file shows (JSON string escapes such as \\u8861 are decoded)."""
    text = _read_text(path)
    chars = set(text)
    if path.suffix.lower() in (".json", ".geojson"):
        try:
            for s in _json_strings(json.loads(text)):
                chars.update(s)
        except ValueError:
            pass
    return {c for c in chars if not _ignored(c)}


def used_characters(paths: Iterable[Path | str]) -> dict[str, list[Path]]:
    """Map each character used in the text files under *paths* to the files using it."""
    used: dict[str, list[Path]] = {}
    for file in iter_text_files(paths):
        for ch in characters_in_file(file):
            used.setdefault(ch, []).append(file)
    return used


def font_characters(font_path: Path | str) -> set[str]:
    """Characters mapped by the font's cmap."""
    from fontTools.ttLib import TTFont

    with TTFont(font_path, lazy=True) as font:
        return {chr(cp) for cp in font.getBestCmap()}


def missing_characters(font_path: Path | str, paths: Iterable[Path | str]) -> set[str]:
    """Characters used in the text files under *paths* that *font_path* cannot show."""
    return set(used_characters(paths)) - font_characters(font_path)


def find_source() -> Path:
    for candidate in SOURCE_CANDIDATES:
        if candidate.is_file():
            return candidate
    raise SystemExit("NotoSansCJK-Regular.ttc not found (install fonts-noto-cjk) - pass --source PATH")


def _open_face(source: Path, family: str):
    from fontTools.ttLib import TTCollection, TTFont

    if source.suffix.lower() not in (".ttc", ".otc"):
        return TTFont(source, recalcTimestamp=False)
    with TTCollection(source, lazy=True) as collection:
        names = [face["name"].getDebugName(1) for face in collection.fonts]
    if family not in names:
        raise SystemExit(f"{source}: no face named {family!r} (faces: {names})")
    return TTFont(source, fontNumber=names.index(family), recalcTimestamp=False)


def requested_codepoints(scan_paths: Iterable[Path | str]) -> tuple[set[int], set[str]]:
    """Code points to keep, and the characters the resource/source files use."""
    wanted: set[int] = set()
    for lo, hi in RANGES:
        wanted.update(range(lo, hi + 1))
    wanted.update(map(ord, EXTRA_CHARACTERS))
    wanted.update(map(ord, gb2312_characters()))
    used = set(used_characters(scan_paths))
    wanted.update(map(ord, used))
    return wanted, used


def _rename(font) -> None:
    name = font["name"]
    version = name.getDebugName(5) or ""
    unique = name.getDebugName(3) or ""
    name.removeNames(nameID=16)
    name.removeNames(nameID=17)
    for name_id, value in (
        (1, FAMILY),
        (2, STYLE),
        (3, f"{unique};hybrowser-subset"),
        (4, FULL_NAME),
        (5, f"{version}; hybrowser subset"),
        (6, PS_NAME),
    ):
        name.removeNames(nameID=name_id)
        name.setName(value, name_id, 3, 1, 0x409)
    cff = font["CFF "].cff
    cff.fontNames = [PS_NAME]
    top = cff.topDictIndex[0]
    top.FamilyName = FAMILY
    top.FullName = FULL_NAME


def _scaled_digit_transforms(font, cmap: dict[int, str]) -> tuple[int, dict[str, tuple]]:
    """Advance width and (scale, y offset) for synthesised superscripts/subscripts."""
    from fontTools.pens.boundsPen import BoundsPen

    os2 = font["OS/2"]
    upem = font["head"].unitsPerEm
    sub = (os2.ySubscriptYSize / upem, -os2.ySubscriptYOffset)
    sup = (os2.ySuperscriptYSize / upem, os2.ySuperscriptYOffset)
    advance = round(upem * sub[0] * 0.7)
    if 0xB2 in cmap and 0x32 in cmap:  # match the designed superscript two
        glyph_set = font.getGlyphSet()
        bounds = {}
        for cp in (0xB2, 0x32):
            pen = BoundsPen(glyph_set)
            glyph_set[cmap[cp]].draw(pen)
            bounds[cp] = pen.bounds
        (_, sup_lo, _, sup_hi), (_, two_lo, _, two_hi) = bounds[0xB2], bounds[0x32]
        scale = (sup_hi - sup_lo) / (two_hi - two_lo)
        sup = (scale, sup_lo - two_lo * scale)
        advance = font["hmtx"][cmap[0xB2]][0]
    return advance, {"sup": sup, "sub": sub}


def _add_scaled_digits(font, cmap: dict[int, str]) -> list[int]:
    """Synthesise the superscript/subscript digits the font lacks; returns them."""
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.transformPen import TransformPen

    wanted = {ord(c): ("sup", ord(str(d))) for d, c in enumerate(SUPERSCRIPT_DIGITS)}
    wanted.update({ord(c): ("sub", ord(str(d))) for d, c in enumerate(SUBSCRIPT_DIGITS)})
    missing = {cp: v for cp, v in sorted(wanted.items()) if cp not in cmap and v[1] in cmap}
    if not missing:
        return []
    advance, transforms = _scaled_digit_transforms(font, cmap)

    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    charstrings = top.CharStrings
    glyph_set = font.getGlyphSet()
    order = list(font.getGlyphOrder())
    used_cids = {int(g[3:]) for g in order if g.startswith("cid")}
    free_cids = (cid for cid in range(65534, 0, -1) if cid not in used_cids)
    is_cid = hasattr(top, "FDSelect")

    for cp, (kind, digit) in missing.items():
        src = cmap[digit]
        scale, y_offset = transforms[kind]
        dx = (advance - font["hmtx"][src][0] * scale) / 2
        if is_cid:
            fd_index = top.FDSelect[order.index(src)]
            private = top.FDArray[fd_index].Private
            glyph = f"cid{next(free_cids):05d}"
        else:
            private = top.Private
            glyph = f"uni{cp:04X}"
        if advance == getattr(private, "defaultWidthX", None):
            width = None
        else:
            width = advance - getattr(private, "nominalWidthX", 0)
        pen = T2CharStringPen(width, glyph_set)
        glyph_set[src].draw(TransformPen(pen, (scale, 0, 0, scale, dx, y_offset)))
        charstring = pen.getCharString(private=private, globalSubrs=cff.GlobalSubrs)
        x_min = charstring.calcBounds(glyph_set)[0]
        if charstrings.charStringsAreIndexed:
            charstrings.charStrings[glyph] = len(charstrings.charStringsIndex)
            charstrings.charStringsIndex.append(charstring)
        else:
            charstrings.charStrings[glyph] = charstring
        top.charset.append(glyph)
        if is_cid:
            top.FDSelect.append(fd_index)
        order.append(glyph)
        font["hmtx"][glyph] = (advance, round(x_min))
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap[cp] = glyph
    font.setGlyphOrder(order)
    return list(missing)


def build(
    source: Path,
    output: Path = OUTPUT,
    scan_paths: Iterable[Path | str] | None = None,
) -> dict:
    """Write the subset font to *output*; returns a summary."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    scan_paths = default_scan_paths() if scan_paths is None else list(scan_paths)
    wanted, used = requested_codepoints(scan_paths)

    font = _open_face(source, SOURCE_FAMILY)
    created, modified = font["head"].created, font["head"].modified
    source_cmap = font.getBestCmap()
    unicodes = sorted(wanted & set(source_cmap))

    options = subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.notdef_outline = True
    options.glyph_names = False
    options.name_IDs = ["*"]
    options.name_languages = [0x0409]
    options.layout_features = [f for f in options.layout_features if f not in DROPPED_FEATURES]
    options.drop_tables = list(options.drop_tables) + DROPPED_TABLES
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)

    synthesised = _add_scaled_digits(font, font.getBestCmap())
    _rename(font)
    font["head"].created = created
    font["head"].modified = modified
    font.recalcTimestamp = False

    buffer = io.BytesIO()
    font.save(buffer)
    data = buffer.getvalue()
    # Round-trip once so what is written is exactly what fontTools reads back.
    with TTFont(io.BytesIO(data), recalcTimestamp=False) as check:
        final_cmap = check.getBestCmap()
        glyphs = len(check.getGlyphOrder())
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)

    unavailable = sorted(c for c in used if ord(c) not in final_cmap)
    return {
        "output": output,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "codepoints": len(final_cmap),
        "glyphs": glyphs,
        "synthesised": [chr(cp) for cp in synthesised],
        "used": len(used),
        "unavailable": unavailable,
    }


def _describe(chars: Iterable[str], used: dict[str, list[Path]]) -> str:
    lines = []
    for ch in sorted(chars):
        files = ", ".join(str(p.relative_to(REPO_ROOT)) for p in used.get(ch, [])[:3])
        lines.append(f"  U+{ord(ch):04X} {ch!r} {unicodedata.name(ch, '?')}  ({files})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check coverage; no build")
    parser.add_argument("--source", type=Path, help="NotoSansCJK-Regular.ttc to subset")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="font file to write/check")
    args = parser.parse_args(argv)

    if args.check:
        if not args.output.is_file():
            print(f"{args.output} does not exist", file=sys.stderr)
            return 1
        paths = default_scan_paths()
        missing = missing_characters(args.output, paths)
        if missing:
            print(f"{len(missing)} character(s) missing from {args.output.name}:", file=sys.stderr)
            print(_describe(missing, used_characters(paths)), file=sys.stderr)
            print("Regenerate with: python resources/fonts/make_font.py", file=sys.stderr)
            return 1
        print(f"{args.output.name} covers every character used in resources/ and hybrowser/")
        return 0

    source = args.source or find_source()
    summary = build(source, args.output)
    print(f"source      {source}")
    print(f"output      {summary['output']}")
    print(f"size        {summary['bytes']} bytes")
    print(f"sha256      {summary['sha256']}")
    print(f"code points {summary['codepoints']}  glyphs {summary['glyphs']}")
    print(f"used chars  {summary['used']} distinct in resources/ and hybrowser/")
    if summary["synthesised"]:
        print(f"synthesised {''.join(summary['synthesised'])!a}")
    if summary["unavailable"]:
        print("WARNING: used but not in the source font:", file=sys.stderr)
        used = used_characters(default_scan_paths())
        print(_describe(summary["unavailable"], used), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
