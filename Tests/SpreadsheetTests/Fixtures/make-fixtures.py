#!/usr/bin/env python3
"""Makes the .xlsx fixtures of SpreadsheetTests. Run once from this folder; the outputs are committed.

    pip install openpyxl          # openpyxl 3.1.5 made the committed files
    apt-get install libreoffice-calc-nogui   # LibreOffice 7.4 made libreoffice-kostra.xlsx
    python3 make-fixtures.py

openpyxl-kostra.xlsx   a KOSTRA-like extract: a merged title row, a blank row, the header, Norwegian text,
                       integers, decimals, dates, a date-time, empty cells, SSB's `..` marker, a note row
                       below the table; a second sheet `Ark2`.
libreoffice-kostra.xlsx  the same workbook opened and saved again by LibreOffice (its own XML, styles, strings).
handmade-inline.xlsx   written by hand: inline strings, formula strings, booleans, an error cell, the 1904
                       date system, cells without `r` addresses and `x:`-prefixed element names.
bad-*.xlsx             malformed inputs, one problem each.
*.csv.gz               gzip files for Gzip: one deflated member, and two members.
"""
import datetime, os, shutil, subprocess, zipfile

import openpyxl

here = os.path.dirname(os.path.abspath(__file__))
os.chdir(here)

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Ark1"
ws["A1"] = "12362: Årsverk i pleie og omsorg, etter kommune (KOSTRA)"
ws.merge_cells("A1:F1")
ws.append([])
ws.append(["region", "år", "årsverk", "andel_heltid", "rapportert", "merknad"])
rows = [
    ["0301 Oslo", 2023, 12345.5, 0.412, datetime.date(2024, 3, 15), "æøå ÆØÅ"],
    ["4601 Bergen", 2023, 6789, 0.385, datetime.date(2024, 3, 1), None],
    ["5401 Tromsø", 2023, "..", 0.401, datetime.date(2024, 2, 29), "tall mangler"],
    ["1103 Stavanger", 2024, 4321.25, None, datetime.datetime(2024, 12, 31, 23, 59, 58), "  innrykk"],
]
for r in rows:
    ws.append(r)
ws["E4"].number_format = "yyyy-mm-dd"
for c in ("E5", "E6"):
    ws[c].number_format = "dd.mm.yyyy"
ws["E7"].number_format = "yyyy-mm-dd hh:mm:ss"
ws.append([])
ws.append(["Kilde: Statistisk sentralbyrå"])
ws2 = wb.create_sheet("Ark2")
ws2.append(["fylke", "personer"])
ws2.append(["Nordland", 241])
ws2.append(["Finnmark", 75])
wb.save("openpyxl-kostra.xlsx")

soffice = shutil.which("soffice") or shutil.which("libreoffice")
if soffice:
    out = "/tmp/hws-lo-fixture"
    os.makedirs(out, exist_ok=True)
    shutil.copy("openpyxl-kostra.xlsx", out + "/libreoffice-kostra.ods.xlsx")
    # Through .ods and back, so that every part of the .xlsx is LibreOffice's own.
    subprocess.run([soffice, "--headless", "--convert-to", "ods", "--outdir", out, out + "/libreoffice-kostra.ods.xlsx"], check=True)
    subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir", out, out + "/libreoffice-kostra.ods.ods"], check=True)
    shutil.copy(out + "/libreoffice-kostra.ods.xlsx", "libreoffice-kostra.xlsx")
else:
    print("LibreOffice not found: libreoffice-kostra.xlsx not remade")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
content_types = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
root_rels = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
workbook = f"""<?xml version="1.0" encoding="UTF-8"?>
<x:workbook xmlns:x="{MAIN}" xmlns:r="{REL}"><x:workbookPr date1904="1"/>
<x:sheets><x:sheet name="Data" sheetId="7" r:id="rIdData"/></x:sheets></x:workbook>"""
workbook_rels = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdData" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/>
<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
styles = f"""<?xml version="1.0" encoding="UTF-8"?>
<x:styleSheet xmlns:x="{MAIN}"><x:numFmts count="1"><x:numFmt numFmtId="170" formatCode="[$-414]d\\.\\ mmmm\\ yyyy;@"/></x:numFmts>
<x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="170"/><x:xf numFmtId="4"/></x:cellXfs></x:styleSheet>"""
sheet = f"""<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="{MAIN}"><x:sheetData>
<x:row><x:c t="inlineStr"><x:is><x:t>navn</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>født</x:t></x:r><x:r><x:t xml:space="preserve"> (dato)</x:t></x:r></x:is></x:c><x:c t="inlineStr"><x:is><x:t>aktiv</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>lønn</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>kode</x:t></x:is></x:c></x:row>
<x:row><x:c t="inlineStr"><x:is><x:t>Åse Ødegård</x:t></x:is></x:c><x:c s="1"><x:v>0</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c s="2"><x:v>612000.5</x:v></x:c><x:c t="str"><x:f>TEXT(1,"0000")</x:f><x:v>0001</x:v></x:c></x:row>
<x:row><x:c t="inlineStr"><x:is><x:t>Per_x000D_Hansen</x:t></x:is></x:c><x:c s="1"><x:v>366</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c><x:c t="e"><x:v>#DIV/0!</x:v></x:c><x:c t="str"><x:f>"0"&amp;"301"</x:f><x:v>0301</x:v></x:c></x:row>
</x:sheetData></x:worksheet>"""

def write_zip(name, parts):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        for path, text in parts:
            z.writestr(path, text)

good = [("[Content_Types].xml", content_types), ("_rels/.rels", root_rels), ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels), ("xl/styles.xml", styles), ("xl/worksheets/data.xml", sheet)]
write_zip("handmade-inline.xlsx", good)

with open("bad-not-zip.xlsx", "w") as f:
    f.write("region;år;årsverk\nOslo;2023;12\n")
write_zip("bad-no-workbook.xlsx", [("[Content_Types].xml", content_types), ("readme.txt", "hello")])
write_zip("bad-sheet-xml.xlsx", good[:-1] + [("xl/worksheets/data.xml", sheet.replace("</x:row>\n</x:sheetData>", "</x:sheetData>"))])
write_zip("bad-missing-part.xlsx", good[:-1])
with open("openpyxl-kostra.xlsx", "rb") as f:
    whole = f.read()
with open("bad-truncated.xlsx", "wb") as f:
    f.write(whole[: len(whole) // 2])

# gzip: one member (deflate, level 9) and two members one after the other, as `cat a.gz b.gz` makes.
import gzip
kommuner = "kommune;år;årsverk\nBærum;2023;12,5\nTromsø;2024;7\nÅlesund;2024;\n".encode() * 50
with open("kommuner.csv.gz", "wb") as f:
    f.write(gzip.compress(kommuner, 9, mtime=0))
with open("two-members.csv.gz", "wb") as f:
    f.write(gzip.compress(b"a,b\n1,2\n", mtime=0) + gzip.compress(b"3,4\n", mtime=0))
