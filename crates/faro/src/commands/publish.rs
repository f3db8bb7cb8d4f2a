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
            "--org: there is no organisation named `{}` (see `faro admin org list`)",
            args.org
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
            anyhow::bail!("nothing published: {e}")
        }
        Err(e) => return Err(anyhow::Error::new(e).context("nothing published")),
    };
    let report = &published.report;
    if let Some(k) = &report.kanon {
        eprintln!(
            "k-anonymous microdata: {} of {} records in `{}` (smallest group {}, {} values suppressed, {} records left out)",
            k.records,
            report.records,
            k.file,
            k.smallest_group,
            k.suppressed_cells,
            k.records_left_out
        );
    }
    if let Some(g) = &report.general {
        eprintln!(
            "generalised k-anonymous microdata: {} records in `{}` (years as ranges: {}, citizenship as {:?}, country of exploitation as {:?}; {:.1} % of the known values lost, {:.1} % by suppression alone)",
            g.records,
            g.file,
            g.levels.year_ranges,
            g.levels.citizenship,
            g.levels.exploitation,
            g.information_lost * 100.0,
            g.information_lost_by_suppression * 100.0
        );
    }
    if let Some(s) = &report.synthetic {
        eprintln!(
            "synthetic microdata: {} records in `{}` (mean relative error of the 1- to 3-value counts {:.3}; {} records cut short as copies of rare real records)",
            s.records, s.file, s.errors[0].mean_relative_error, s.shortened
        );
    }
    if let Some(d) = &report.dp {
        eprintln!(
            "differentially private tables: {} cells in `{}` at ε = {}; the organisation has spent {} of its budget of {}",
            d.cells, d.file, d.epsilon, d.budget_spent, d.budget
        );
    }
    eprintln!(
        "report in `report.html` and `report.json`, datasheet in `README.md`, all in `{}`; kept as release {}, private until an admin of the organisation makes it public at /admin/releases",
        args.out.display(),
        published.release
    );
    Ok(Outcome::Success)
}
