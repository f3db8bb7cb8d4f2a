// Validates GeoJSON files against RFC 7946 with @placemarkio/check-geojson, run by
// crates/faro-web/tests/it/hub.rs. Usage: node check-geojson.mjs FILE...
// Prints `FILE: valid` for each; exits 1 naming each problem otherwise.
import { check } from "@placemarkio/check-geojson";
import { readFileSync } from "node:fs";

for (const file of process.argv.slice(2)) {
  try {
    check(readFileSync(file, "utf8"));
    console.log(`${file}: valid`);
  } catch (e) {
    console.error(`${file}: ${JSON.stringify(e.issues ?? e.message)}`);
    process.exitCode = 1;
  }
}
