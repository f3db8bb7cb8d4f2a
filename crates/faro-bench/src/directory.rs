//! `--directory`: the referral directory at a national network's scale on both databases: a
//! fictitious HSDS feed of 20,000 services at 50,000 locations (JSON pages of the API
//! profile, written once), imported from the files as `faro directory import` does (read,
//! checked against the HSDS schemas, stored in one transaction), imported again unchanged,
//! and searched as a case worker of another organisation searches: by need, language and
//! distance from a city, nearest first.

use faro_domain::case::ServiceKind;
use faro_domain::directory::Audience;
use faro_domain::{AccessContext, Role, Vocabulary};
use faro_hsds::{Feed, Item};
use faro_store::{DirectoryImportOptions, DirectoryReader, DirectorySearch, Store};
use rand::SeedableRng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;
use std::path::Path;
use std::time::Instant;

pub const SERVICES: usize = 20_000;
pub const LOCATIONS: usize = 50_000;
/// Searches timed per database.
const SAMPLES: usize = 200;

/// Writes the feed once into `dir` (the same seed, the same files).
pub fn write_feed(dir: &Path) -> anyhow::Result<()> {
    if dir.join("services-0040.json").is_file() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    let mut pages = faro_hsds::write::Pages::new(dir, SERVICES);
    for service in faro_hsds::fictitious::services(SERVICES, 29) {
        pages.push(service)?;
    }
    pages.finish()?;
    Ok(())
}

/// The benchmark on one store; a Markdown section.
pub async fn measure(store: &Store, label: &str, feed: &Path) -> anyhow::Result<String> {
    let owner = faro_store::DEFAULT_ORGANISATION;
    let options = DirectoryImportOptions {
        audience: Audience::Partners,
        mark_vanished: true,
    };
    let ctx = AccessContext::instance().acting_as("bench");
    let started = Instant::now();
    let entries = read(feed)?;
    let read_s = started.elapsed().as_secs_f64();
    let done = store
        .import_directory(&ctx, owner, &entries, options)
        .await?;
    let import_s = started.elapsed().as_secs_f64();
    anyhow::ensure!(done.added == SERVICES, "{done:?}");
    let again = Instant::now();
    let entries = read(feed)?;
    let unchanged = store
        .import_directory(&ctx, owner, &entries, options)
        .await?;
    let again_s = again.elapsed().as_secs_f64();
    anyhow::ensure!(unchanged.unchanged == SERVICES, "{unchanged:?}");
    let other = store
        .create_organisation(&AccessContext::instance(), "Partner")
        .await?;
    let worker = AccessContext::member(other, Role::Caseworker).acting_as("bench");
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut found = 0usize;
    let mut times = Vec::with_capacity(SAMPLES);
    for i in 0..SAMPLES + 5 {
        let search = DirectorySearch {
            need: ServiceKind::ALL.choose(&mut rng).copied(),
            language: faro_hsds::fictitious::languages()[..3]
                .choose(&mut rng)
                .map(|l| l.to_string()),
            near: faro_hsds::fictitious::cities()
                .choose(&mut rng)
                .map(|c| (*c, 50.0)),
            limit: 20,
            ..DirectorySearch::default()
        };
        let t = Instant::now();
        let hits = store
            .search_directory(&worker, DirectoryReader::Partner(other), &search)
            .await?;
        if i >= 5 {
            times.push(t.elapsed().as_secs_f64());
            found += hits.len();
        }
    }
    times.sort_by(f64::total_cmp);
    let p95 = times[(SAMPLES * 95 / 100).min(SAMPLES - 1)];
    Ok(format!(
        "\n### {label}\n\
         import of {SERVICES} services at {LOCATIONS} locations from the JSON pages: {import_s:.1} s \
         (reading and checking against the HSDS schemas {read_s:.1} s of it; target ≤ 10 s); again, unchanged: {again_s:.1} s\n\
         search by need, language and distance (50 km around a city), a partner's case worker: \
         p95 {:.1} ms (target ≤ 30 ms); {:.1} services found per search on average\n",
        p95 * 1000.0,
        found as f64 / SAMPLES as f64
    ))
}

fn read(feed: &Path) -> anyhow::Result<Vec<faro_domain::directory::Entry>> {
    let mut entries = Vec::with_capacity(SERVICES);
    for item in Feed::open(feed)? {
        match item? {
            Item::Entry(e) => entries.push(*e),
            Item::Problem(p) => anyhow::bail!("the generated feed has a problem: {p:?}"),
        }
    }
    Ok(entries)
}
