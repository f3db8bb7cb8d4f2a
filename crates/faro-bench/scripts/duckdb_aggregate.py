"""DuckDB baseline for `faro bench aggregate`: the same data and the same queries.

Usage: python3 duckdb_aggregate.py DATA.csv QUERIES.json -> prints JSON
{"load_s": …, "latencies_ms": […], "sums": […]} where sums[i] is the sum of counts of query i
(Faro checks them against its own answers).
"""
import json
import sys
import time

import duckdb

data, queries_path = sys.argv[1], sys.argv[2]
queries = json.load(open(queries_path))
con = duckdb.connect()
start = time.perf_counter()
multi = ["modality", "means", "means_detail", "labour", "sex", "recruiter"]
single = ["year", "gender", "age", "majority", "citizenship", "exploitation_country", "traffick_months"]
con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv('{data}', header=true, all_varchar=true)")
select = ["CAST(source_id AS BIGINT) AS source_id", "CAST(year AS INTEGER) AS year"]
select += [c for c in single if c != "year"]
select += [f"coalesce(string_split({m}, '|'), []::VARCHAR[]) AS {m}" for m in multi]
select += [f"CAST({m}_bits AS INTEGER) AS {m}_bits" for m in multi]
con.execute(f"CREATE TABLE t AS SELECT {', '.join(select)} FROM raw")
con.execute("DROP TABLE raw")
load_s = time.perf_counter() - start
latencies, sums = [], []
for sql in queries[:3]:
    con.execute(sql).fetchall()  # warm-up, as Faro's index is warmed
for sql in queries:
    t0 = time.perf_counter()
    rows = con.execute(sql).fetchall()
    latencies.append((time.perf_counter() - t0) * 1000)
    sums.append(sum(r[-1] for r in rows))
print(json.dumps({"load_s": load_s, "latencies_ms": latencies, "sums": sums}))
