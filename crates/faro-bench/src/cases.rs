//! `--cases`: case management at an agency's scale on both databases: `--case-count` cases
//! (100,000 by default) with ten tasks and services each, spread over 50 case workers. The
//! figures are the p95 of what the `/cases` page asks the store (`cases_page`: what needs my
//! action and the first page of the list, one audit entry) for one case worker and for a
//! supervisor, of a search by a mistyped name, and of the case statistics a supervisor's hub
//! counts. PostgreSQL is vacuumed and analysed after the bulk load, as its autovacuum would;
//! SQLite never is.

use faro_domain::{AccessContext, Email, OrganisationId, Role};
use faro_store::{CaseFilter, Store};
use std::time::Instant;

/// Case workers the cases are spread over.
const WORKERS: usize = 50;
/// Requests timed per figure.
const SAMPLES: usize = 200;

/// The benchmark on one store; a Markdown section.
pub async fn measure(store: &Store, label: &str, cases: usize) -> anyhow::Result<String> {
    let org = faro_store::DEFAULT_ORGANISATION;
    let instance = AccessContext::instance();
    let mut workers = Vec::new();
    for i in 0..WORKERS {
        let email = Email::parse(&format!("worker{i}@bench.invalid"))?;
        workers.push(
            store
                .create_user(&instance, org, &email, Role::Caseworker)
                .await?
                .id,
        );
    }
    let started = Instant::now();
    faro_store::fixtures::fill_cases(store, org, &workers, cases, 5, 5, 2026).await?;
    let filled = started.elapsed().as_secs_f64();
    let ctx = worker(org, workers[7]);
    let page = p95(SAMPLES, || async {
        let first = CaseFilter {
            limit: 50,
            ..CaseFilter::default()
        };
        store.cases_page(&ctx, &first).await?;
        Ok(())
    })
    .await?;
    let admin = AccessContext::member(org, Role::Admin)
        .for_user(workers[0])
        .acting_as("bench");
    let whole = p95(SAMPLES, || async {
        let first = CaseFilter {
            limit: 50,
            ..CaseFilter::default()
        };
        store.cases_page(&admin, &first).await?;
        Ok(())
    })
    .await?;
    let mut n = 0usize;
    let search = p95(SAMPLES, || {
        n += 1;
        let typed = mistype(&faro_store::fixtures::name(n * 97 % cases));
        let admin = &admin;
        async move {
            store.search_cases(admin, &typed).await?;
            Ok(())
        }
    })
    .await?;
    let statistics = p95(SAMPLES / 4, || async {
        store.case_statistics(&admin).await?;
        Ok(())
    })
    .await?;
    let found = store
        .search_cases(
            &admin,
            &mistype(&faro_store::fixtures::name(12_345 % cases)),
        )
        .await?
        .len();
    Ok(format!(
        "### {label}: {cases} cases, {} tasks and {} services\n\
         filled in {filled:.1} s\n\
         what needs my action + the list's first page, one case worker: p95 {:.1} ms (target ≤ 50 ms); a supervisor (the whole organisation): p95 {:.1} ms\n\
         search by a mistyped name (one letter swapped): p95 {:.1} ms (target ≤ 100 ms); a sample search found {found} cases\n\
         case statistics counted exactly (the hub's panel for a supervisor): p95 {:.1} ms\n",
        cases * 5,
        cases * 5,
        page * 1e3,
        whole * 1e3,
        search * 1e3,
        statistics * 1e3,
    ))
}

fn worker(org: OrganisationId, user: i64) -> AccessContext {
    AccessContext::member(org, Role::Caseworker)
        .for_user(user)
        .acting_as(format!("user {user}"))
}

/// The name with two letters of its first word swapped, as a hurried typist would.
fn mistype(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() > 3 {
        chars.swap(1, 2);
    }
    chars.into_iter().collect()
}

/// The 95th percentile of `samples` runs of `f`, in seconds (after five unmeasured runs).
pub async fn p95<F, Fut>(samples: usize, mut f: F) -> anyhow::Result<f64>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    for _ in 0..5 {
        f().await?;
    }
    let mut times = Vec::with_capacity(samples);
    for _ in 0..samples {
        let t = Instant::now();
        f().await?;
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok(times[(samples * 95 / 100).min(samples - 1)])
}
