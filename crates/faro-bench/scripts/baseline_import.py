"""Baseline importer for `faro bench import`: stdlib csv + sqlite3 executemany in one transaction.

The same file goes into an equivalent table (one TEXT column per CTDC column), without
validation: the plain approach an analyst would script.
With --indexed the table gets the indexes Faro's has (source, citizenship, country of
exploitation), so that it can answer the same filtered record queries.
Usage: python3 baseline_import.py FILE.csv DB_PATH [--indexed] -> prints "<rows> <seconds>"
"""
import csv
import sqlite3
import sys
import time

path, db_path = sys.argv[1], sys.argv[2]
indexed = "--indexed" in sys.argv[3:]
start = time.perf_counter()
with open(path, newline="", encoding="utf-8-sig") as f:
    reader = csv.reader(f)
    header = next(reader)
    con = sqlite3.connect(db_path)
    cols = ", ".join(f'"{h}" TEXT' for h in header)
    con.execute(f"CREATE TABLE cases (id INTEGER PRIMARY KEY, source_id INTEGER DEFAULT 1, {cols})")
    if indexed:
        con.execute("CREATE INDEX cases_source ON cases (source_id)")
        con.execute('CREATE INDEX cases_citizenship ON cases ("citizenship")')
        con.execute('CREATE INDEX cases_exploitation_country ON cases ("CountryOfExploitation")')
    marks = ", ".join("?" for _ in header)
    names = ", ".join(f'"{h}"' for h in header)
    with con:
        con.executemany(f"INSERT INTO cases ({names}) VALUES ({marks})", reader)
    rows = con.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    con.close()
print(rows, time.perf_counter() - start)
