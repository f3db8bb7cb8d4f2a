//! `faro directory import|export`: an organisation's directory of service providers in and
//! out as Open Referral's HSDS 3.0, with a row-level error report like `faro import`'s.

use crate::Outcome;
use crate::cli::{AudienceArg, DirectoryExportArgs, DirectoryFormat, DirectoryImportArgs};
use anyhow::Context;
use faro_domain::AccessContext;
use faro_domain::directory::Audience;
use faro_hsds::write::{Package, Pages};
use faro_hsds::{Position, Problem};
use faro_store::{DirectoryQuery, DirectoryReader, MAX_PER_PAGE, Store};
use faro_web::services::directory_import::{self, ImportError};

/// Rejected entries printed to stderr when no `--errors` file is given.
const SHOWN_PROBLEMS: usize = 10;

pub async fn import(store: &Store, args: &DirectoryImportArgs) -> anyhow::Result<Outcome> {
    let organisation = super::organisation_arg(store, args.org.as_deref()).await?;
    let file = args.path.display().to_string();
    let ctx = AccessContext::instance().acting_as("cli");
    let audience = audience(args.audience);
    let imported =
        match directory_import::import(store, &ctx, organisation, &args.path, audience).await {
            Ok(imported) => imported,
            Err(ImportError::Unreadable(e)) => {
                eprintln!("{}", crate::say!("cli-error", message = e));
                return Ok(Outcome::Fatal);
            }
            Err(ImportError::Store(e)) => return Err(e).context("nothing imported"),
        };
    let (done, problems) = (&imported.done, &imported.problems);
    report(problems, args)?;
    if imported.cut {
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

fn audience(arg: AudienceArg) -> Audience {
    match arg {
        AudienceArg::Public => Audience::Public,
        AudienceArg::Partners => Audience::Partners,
        AudienceArg::Confidential => Audience::Confidential,
    }
}

/// Every problem into `--errors`, or the first few to stderr.
fn report(problems: &[Problem], args: &DirectoryImportArgs) -> anyhow::Result<()> {
    let lang = crate::lang::get();
    if let Some(path) = &args.errors {
        let file = faro_store::private::create_private(path)
            .with_context(|| crate::say!("cli-errors-file-uncreated", path = path.display()))?;
        directory_import::errors_csv(file, problems, lang)
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
