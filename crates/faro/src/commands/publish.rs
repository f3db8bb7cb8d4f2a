//! `faro publish --org NAME --out DIR`: a release of an organisation's records for the public
//! (`faro_web::publish`), as one of its analysts; the files go to a new folder readable by its
//! owner only until they are checked and published.

use crate::Outcome;
use crate::cli::{PublishArgs, PublishMethod};
use crate::config::Config;
use faro_domain::{AccessContext, Role};
use faro_store::Store;
use faro_web::publish::{Options, PublishError, publish};

pub async fn run(store: &Store, config: &Config, args: &PublishArgs) -> anyhow::Result<Outcome> {
    let org = store.organisation_named(&args.org).await?.ok_or_else(|| {
        crate::UsageError(format!(
            "--org: {}",
            crate::say!("cli-no-organisation", name = args.org)
        ))
    })?;
    super::new_folder(&args.out)?;
    let options = Options {
        k: args.k,
        epsilon: args.epsilon,
        kanon: args.methods.contains(&PublishMethod::Kanon),
        synthetic: args.methods.contains(&PublishMethod::Synthetic),
        dp: args.methods.contains(&PublishMethod::Dp),
        budget: config.publish_budget,
        lang: crate::lang::get(),
        this_year: faro_web::this_year(),
    };
    let ctx = AccessContext::member(org.id, Role::Analyst).acting_as("cli");
    let published = match publish(
        store,
        &ctx,
        (org.id, &org.name),
        &args.filters.filter,
        &options,
        &args.out,
    )
    .await
    {
        Ok(published) => published,
        Err(e @ (PublishError::TooFew { .. } | PublishError::NothingReleasable { .. })) => {
            anyhow::bail!(crate::say!("cli-nothing-published-because", reason = e))
        }
        Err(e) => return Err(anyhow::Error::new(e).context(crate::say!("cli-nothing-published"))),
    };
    let report = &published.report;
    if let Some(k) = &report.kanon {
        let said = crate::say!(
            "cli-published-kanon",
            records = k.records,
            of = report.records,
            file = k.file,
            smallest = k.smallest_group,
            suppressed = k.suppressed_cells,
            left_out = k.records_left_out
        );
        eprintln!("{said}");
    }
    if let Some(g) = &report.general {
        let said = crate::say!(
            "cli-published-general",
            records = g.records,
            file = g.file,
            years = g.levels.year_ranges,
            citizenship = format!("{:?}", g.levels.citizenship),
            exploitation = format!("{:?}", g.levels.exploitation),
            lost = format!("{:.1}", g.information_lost * 100.0),
            suppressed = format!("{:.1}", g.information_lost_by_suppression * 100.0)
        );
        eprintln!("{said}");
    }
    if let Some(s) = &report.synthetic {
        let said = crate::say!(
            "cli-published-synthetic",
            records = s.records,
            file = s.file,
            error = format!("{:.3}", s.errors[0].mean_relative_error),
            shortened = s.shortened
        );
        eprintln!("{said}");
    }
    if let Some(d) = &report.dp {
        let said = crate::say!(
            "cli-published-dp",
            cells = d.cells,
            file = d.file,
            epsilon = d.epsilon,
            spent = d.budget_spent,
            budget = d.budget
        );
        eprintln!("{said}");
    }
    let said = crate::say!(
        "cli-published-report",
        path = args.out.display(),
        release = published.release
    );
    eprintln!("{said}");
    Ok(Outcome::Success)
}
