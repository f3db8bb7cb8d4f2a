//! Cases by the hundred thousand for `faro-bench --cases`: written in bulk, sealed and keyed
//! as `open_case` would, without history or audit (a fixture, not a change anyone made).
//! Built only with the `bench` feature, never in the faro binary.

use super::{open::keyed_terms, place, seal_person};
use crate::{Store, StoreError};
use faro_domain::OrganisationId;
use faro_domain::case::person::{Contact, ContactKind, Person};
use rand::{Rng, SeedableRng};

const FIRST: [&str; 40] = [
    "María", "José", "Ana", "Luis", "Carmen", "Juan", "Rosa", "Pedro", "Lucía", "Jorge", "Amina",
    "Fatou", "Moussa", "Aïcha", "Ibrahim", "Nguyen", "Lan", "Minh", "Thi", "Hoa", "Olena",
    "Oksana", "Sasha", "Iryna", "Dmytro", "Grace", "Joseph", "Esther", "Kwame", "Abena", "Priya",
    "Ravi", "Sunita", "Arjun", "Meena", "Fatima", "Omar", "Layla", "Yusuf", "Noor",
];
const LAST: [&str; 40] = [
    "García",
    "Rodríguez",
    "Martínez",
    "López",
    "González",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Flores",
    "Quintero",
    "Diallo",
    "Traoré",
    "Keita",
    "Ndiaye",
    "Sow",
    "Tran",
    "Pham",
    "Hoang",
    "Vu",
    "Dang",
    "Kovalenko",
    "Shevchenko",
    "Bondarenko",
    "Melnyk",
    "Tkachenko",
    "Mensah",
    "Owusu",
    "Boateng",
    "Asante",
    "Osei",
    "Sharma",
    "Patel",
    "Singh",
    "Kumar",
    "Gupta",
    "Haddad",
    "Khalil",
    "Nasser",
    "Saleh",
    "Aziz",
];

/// A fixture person's name: a first name, a middle name and a last name from the lists.
pub fn name(i: usize) -> String {
    format!(
        "{} {} {}",
        FIRST[i % 40],
        FIRST[(i / 40 + 7) % 40],
        LAST[(i / 7) % 40]
    )
}

/// Writes `cases` open cases of `organisation`, spread over `workers` (assignees), each with
/// `tasks` tasks (half of them assigned, the others the case worker's by default; two thirds
/// done, about a third of the rest overdue) and `services` services, in batches of a
/// thousand cases per transaction. Deterministic for a seed.
pub async fn fill_cases(
    store: &Store,
    organisation: OrganisationId,
    workers: &[i64],
    cases: usize,
    tasks: usize,
    services: usize,
    seed: u64,
) -> Result<(), StoreError> {
    let keys = store.current_keys().await?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let now = crate::clock::now();
    let today = now / 86_400;
    let first: i64 = with_pool!(store, |p| sqlx::query_scalar::<_, i64>(
        "SELECT COALESCE(MAX(id), 0) FROM cases"
    )
    .fetch_one(p)
    .await?);
    for batch in (0..cases).collect::<Vec<_>>().chunks(1_000) {
        let mut case_rows = Vec::new();
        let mut term_rows = Vec::new();
        let mut task_rows = Vec::new();
        let mut service_rows = Vec::new();
        for &i in batch {
            let id = first + 1 + i as i64;
            let person = Person {
                names: vec![name(i)],
                contacts: vec![Contact {
                    kind: ContactKind::Phone,
                    value: format!(
                        "+504 {:04} {:04}",
                        rng.random_range(0..10_000),
                        rng.random_range(0..10_000)
                    ),
                    safe: true,
                    need_to_know: false,
                }],
                ..Person::default()
            };
            let assignee = workers[i % workers.len()];
            let status = ["assessment", "plan", "services"][i % 3];
            let active = now - rng.random_range(0..60 * 86_400);
            case_rows.push((
                id,
                assignee,
                status,
                seal_person(&keys, id, &person)?,
                active,
            ));
            term_rows.extend(keyed_terms(&keys, &person).into_iter().map(|t| (t, id)));
            for t in 0..tasks {
                let due = today + rng.random_range(-30..60);
                let done = rng.random_bool(2.0 / 3.0).then_some(now);
                let title = keys.seal(
                    &place("case_tasks.title_sealed", id, 1),
                    &format!("Follow-up {t}"),
                )?;
                // Half the tasks are the case worker's by default (no assignee of their own).
                let own = (t % 2 == 0).then_some(assignee);
                task_rows.push((id, own, due, title, done));
            }
            for _ in 0..services {
                service_rows.push((
                    id,
                    ["medical", "legal", "safe_housing", "psychosocial"][rng.random_range(0..4)],
                ));
            }
        }
        in_transaction!(store, |tx, _dialect| {
            for chunk in case_rows.chunks(200) {
                let marks: Vec<String> = (0..chunk.len())
                    .map(|r| {
                        let b = r * 6;
                        format!(
                            "(${}, ${}, ${}, ${}, ${}, 1, ${}, ${})",
                            b + 1,
                            b + 2,
                            b + 3,
                            b + 4,
                            b + 5,
                            b + 6,
                            b + 6
                        )
                    })
                    .collect();
                let sql = format!(
                    "INSERT INTO cases (id, organisation_id, status, assignee, person_sealed, version, opened_at, active_at) VALUES {}",
                    marks.join(", ")
                );
                let mut q = sqlx::query(&sql);
                for (id, assignee, status, sealed, active) in chunk {
                    q = q
                        .bind(*id)
                        .bind(organisation.0)
                        .bind(*status)
                        .bind(*assignee)
                        .bind(sealed)
                        .bind(*active);
                }
                q.execute(&mut *tx).await?;
            }
            for chunk in term_rows.chunks(1_000) {
                let marks: Vec<String> = (0..chunk.len())
                    .map(|r| format!("($1, ${}, ${})", r * 2 + 2, r * 2 + 3))
                    .collect();
                let sql = format!(
                    "INSERT INTO case_terms (organisation_id, term, case_id) VALUES {}",
                    marks.join(", ")
                );
                let mut q = sqlx::query(&sql).bind(organisation.0);
                for (term, id) in chunk {
                    q = q.bind(term).bind(*id);
                }
                q.execute(&mut *tx).await?;
            }
            for chunk in task_rows.chunks(500) {
                let marks: Vec<String> = (0..chunk.len())
                    .map(|r| {
                        let b = r * 5 + 2;
                        format!(
                            "(${}, $1, ${}, ${}, ${}, 1, 'fixture', {now}, ${})",
                            b,
                            b + 1,
                            b + 2,
                            b + 3,
                            b + 4
                        )
                    })
                    .collect();
                let sql = format!(
                    "INSERT INTO case_tasks (case_id, organisation_id, assignee, due_day, title_sealed, version, created_by, created_at, done_at) VALUES {}",
                    marks.join(", ")
                );
                let mut q = sqlx::query(&sql).bind(organisation.0);
                for (id, assignee, due, title, done) in chunk {
                    q = q
                        .bind(*id)
                        .bind(*assignee)
                        .bind(*due)
                        .bind(title)
                        .bind(*done);
                }
                q.execute(&mut *tx).await?;
            }
            for chunk in service_rows.chunks(1_000) {
                let marks: Vec<String> = (0..chunk.len())
                    .map(|r| format!("(${}, ${}, 'needed', 1, $1, $1)", r * 2 + 2, r * 2 + 3))
                    .collect();
                let sql = format!(
                    "INSERT INTO case_services (case_id, service, status, version, created_at, updated_at) VALUES {}",
                    marks.join(", ")
                );
                let mut q = sqlx::query(&sql).bind(now);
                for (id, service) in chunk {
                    q = q.bind(*id).bind(*service);
                }
                q.execute(&mut *tx).await?;
            }
        });
    }
    settle(store).await
}

/// What a running database does soon after a bulk load. PostgreSQL's autovacuum vacuums and
/// analyses tables soon after a bulk insert (insert-only tables too, since PostgreSQL 13): a
/// fixture read at once would measure plans made without statistics, and heap reads for want
/// of the visibility map that index-only scans use, neither of which a running database keeps
/// for long. SQLite is measured as Faro runs it, never analysed.
pub async fn settle(store: &Store) -> Result<(), StoreError> {
    if let crate::Pool::Postgres(pool) = &store.pool {
        sqlx::query("VACUUM ANALYZE").execute(pool).await?;
    }
    Ok(())
}
