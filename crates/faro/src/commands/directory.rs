//! `faro directory import|export`: an organisation's directory of service providers in and
//! out as Open Referral's HSDS 3.0, with a row-level error report like `faro import`'s.

use crate::Outcome;
use crate::cli::{AudienceArg, DirectoryExportArgs, DirectoryFormat, DirectoryImportArgs};
use anyhow::Context;
use faro_domain::directory::{Audience, Entry};
use faro_domain::{AccessContext, FieldError, Message, problem};
use faro_hsds::write::{Package, Pages};
use faro_hsds::{Feed, Item, Position, Problem};
use faro_store::{DirectoryImportOptions, DirectoryQuery, DirectoryReader, MAX_PER_PAGE, Store};

/// Rejected entries printed to stderr when no `--errors` file is given.
const SHOWN_PROBLEMS: usize = 10;

pub async fn import(store: &Store, args: &DirectoryImportArgs) -> anyhow::Result<Outcome> {
    let organisation = super::organisation_arg(store, args.org.as_deref()).await?;
    let file = args.path.display().to_string();
    let mut feed = match Feed::open(&args.path) {
        Ok(feed) => feed,
        Err(e) => return fatal(e),
    };
    let (mut entries, mut problems) = (Vec::new(), Vec::new());
    for item in feed.by_ref() {
        match item {
            Ok(Item::Entry(entry)) => entries.push(*entry),
            Ok(Item::Problem(p)) => problems.push(p),
            Err(e) => return fatal(e),
        }
    }
    let cut = feed.cut();
    let options = DirectoryImportOptions {
        audience: audience(args.audience),
        mark_vanished: !cut,
    };
    let ctx = AccessContext::instance().acting_as("cli");
    let done = store
        .import_directory(&ctx, organisation, &entries, options)
        .await
        .context("nothing imported")?;
    problems.extend(taken(&file, &entries, &done.taken));
    report(&problems, args)?;
    if cut {
        eprintln!("{}", crate::say!("cli-directory-cut", file = file));
    }
    eprintln!(
        "{}",
        crate::say!(
            "cli-directory-summary",
            file = file,
            added = done.added,
            updated = done.updated,
            unchanged = done.unchanged,
            vanished = done.vanished,
            rejected = problems.len(),
        )
    );
    Ok(if problems.is_empty() {
        Outcome::Success
    } else {
        Outcome::RowsRejected
    })
}

fn fatal(e: faro_hsds::HsdsError) -> anyhow::Result<Outcome> {
    eprintln!("{}", crate::say!("cli-error", message = e));
    Ok(Outcome::Fatal)
}

fn audience(arg: AudienceArg) -> Audience {
    match arg {
        AudienceArg::Public => Audience::Public,
        AudienceArg::Partners => Audience::Partners,
        AudienceArg::Confidential => Audience::Confidential,
    }
}

/// The entries not imported because another organisation keeps one of their ids.
fn taken(file: &str, entries: &[Entry], ids: &[String]) -> Vec<Problem> {
    entries
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| {
            let mut ids_of = std::iter::once(&entry.service.id)
                .chain(std::iter::once(&entry.organization.id))
                .chain(entry.places.iter().map(|p| &p.location.part.id))
                .chain(entry.places.iter().map(|p| &p.link.id));
            let id = ids_of.find(|id| ids.contains(id))?;
            Some(Problem {
                file: file.to_string(),
                at: Position::Item(i as u64 + 1),
                errors: vec![FieldError {
                    column: "/id".into(),
                    value: id.clone(),
                    reason: Message::new(problem::HSDS_TAKEN),
                }],
            })
        })
        .collect()
}

/// Every problem into `--errors`, or the first few to stderr.
fn report(problems: &[Problem], args: &DirectoryImportArgs) -> anyhow::Result<()> {
    let lang = crate::lang::get();
    if let Some(path) = &args.errors {
        let file = faro_store::private::create_private(path)
            .with_context(|| crate::say!("cli-errors-file-uncreated", path = path.display()))?;
        let mut out = csv::Writer::from_writer(file);
        out.write_record(["file", "line", "item", "field", "value", "reason"])?;
        for p in problems {
            let (line, item) = match p.at {
                Position::Line(n) => (n.to_string(), String::new()),
                Position::Item(n) => (String::new(), n.to_string()),
            };
            for e in &p.errors {
                let reason = lang.message(&e.reason);
                out.write_record([&p.file, &line, &item, &e.column, &e.value, &reason])?;
            }
        }
        out.flush()
            .with_context(|| crate::say!("cli-errors-file-unwritten"))?;
        if !problems.is_empty() {
            let path = path.display();
            eprintln!("{}", crate::say!("cli-import-errors-in", path = path));
        }
        return Ok(());
    }
    for p in problems.iter().take(SHOWN_PROBLEMS) {
        let at = match p.at {
            Position::Line(n) => crate::say!("row-line", line = n),
            Position::Item(n) => crate::say!("cli-directory-item", item = n),
        };
        let problems = lang.problems(&p.errors);
        eprintln!(
            "{}",
            crate::say!(
                "cli-directory-problem",
                file = p.file,
                at = at,
                problems = problems
            )
        );
    }
    if problems.len() > SHOWN_PROBLEMS {
        let count = problems.len() - SHOWN_PROBLEMS;
        eprintln!("{}", crate::say!("cli-import-more", count = count));
    }
    Ok(())
}

pub async fn export(store: &Store, args: &DirectoryExportArgs) -> anyhow::Result<Outcome> {
    let (ctx, reader) = match &args.org {
        Some(name) => {
            let organisation = super::organisation_arg(store, Some(name)).await?;
            let ctx = AccessContext::instance().acting_as("cli");
            (ctx, DirectoryReader::Owner(organisation))
        }
        None => (AccessContext::anonymous(), DirectoryReader::Public),
    };
    std::fs::create_dir_all(&args.out)
        .with_context(|| crate::say!("cli-cannot-write", path = args.out.display()))?;
    let mut query = DirectoryQuery {
        page: 1,
        per_page: MAX_PER_PAGE,
        ..DirectoryQuery::default()
    };
    let first = store.directory_services(&ctx, reader, &query).await?;
    let total = first.total as usize;
    let mut pages = Pages::new(&args.out, total);
    let mut package = match args.format {
        DirectoryFormat::Csv => Some(Package::new(&args.out)?),
        DirectoryFormat::Json => None,
    };
    let mut page = first;
    let mut written = 0;
    loop {
        for listed in &page.services {
            let service =
                faro_web::hsds_document(listed, matches!(reader, DirectoryReader::Owner(_)));
            match &mut package {
                Some(package) => package.push(&service)?,
                None => pages.push(service)?,
            }
            written += 1;
        }
        if page.services.is_empty() || written >= total {
            break;
        }
        query.page += 1;
        page = store.directory_services(&ctx, reader, &query).await?;
    }
    match package {
        Some(package) => package.finish()?,
        None => {
            pages.finish()?;
        }
    }
    let which = match &args.org {
        Some(name) => name.clone(),
        None => crate::say!("cli-directory-public"),
    };
    eprintln!(
        "{}",
        crate::say!(
            "cli-directory-exported",
            count = written,
            which = which,
            path = args.out.display()
        )
    );
    Ok(Outcome::Success)
}
