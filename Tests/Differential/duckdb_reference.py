"""Runs the differential test's SQL in DuckDB (the reference for DuckDBDifferentialTests.swift).

Usage: python3 duckdb_reference.py IN.json OUT.json
IN:  {"cases": [{"tables": {name: {"columns": [[name, type], ...], "rows": [[cell, ...], ...]}}, "sql": str}]}
     cells are tagged strings: "N" (null), "i:3", "d:1.5", "s:text", "b:1"/"b:0"
OUT: {"results": [{"names": [str], "rows": [[cell, ...], ...]} or {"error": str}]}, cells tagged the same way.
Exit code 3 when the duckdb package is missing (the test then prints a notice and skips).
"""
import json
import math
import sys

try:
    import duckdb
except ImportError:
    sys.exit(3)

SQL_TYPES = {"int": "BIGINT", "double": "DOUBLE", "string": "VARCHAR", "bool": "BOOLEAN"}


def literal(cell):
    if cell == "N":
        return "NULL"
    tag, value = cell[0], cell[2:]
    if tag == "i":
        return value
    if tag == "d":
        return repr(float(value)) + "::DOUBLE"
    if tag == "b":
        return "TRUE" if value == "1" else "FALSE"
    return "'" + value.replace("'", "''") + "'"


def tagged(v):
    if v is None:
        return "N"
    if isinstance(v, bool):
        return "b:1" if v else "b:0"
    if isinstance(v, int):
        return "i:%d" % v
    if isinstance(v, float):
        if math.isnan(v):
            return "d:nan"
        return "d:" + repr(v)
    if isinstance(v, str):
        return "s:" + v
    # Decimal (HUGEINT sums come back as int; DECIMAL as Decimal)
    return "d:" + repr(float(v))


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    con = duckdb.connect()
    con.execute("SET error_on_division_by_zero = false")
    con.execute("SET default_null_order = 'nulls_last'")
    results = []
    for case in cases:
        try:
            for name, t in case["tables"].items():
                cols = ", ".join('"%s" %s' % (c, SQL_TYPES[ty]) for c, ty in t["columns"])
                con.execute('CREATE OR REPLACE TABLE "%s" (%s)' % (name, cols))
                if t["rows"]:
                    values = ", ".join("(" + ", ".join(literal(c) for c in row) + ")" for row in t["rows"])
                    con.execute('INSERT INTO "%s" VALUES %s' % (name, values))
            cur = con.execute(case["sql"])
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
            results.append({"names": names, "rows": [[tagged(v) for v in row] for row in rows]})
        except Exception as e:  # noqa: BLE001 - every failure is reported to the Swift side
            results.append({"error": str(e).splitlines()[0]})
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"results": results}, f, ensure_ascii=False)


main()
