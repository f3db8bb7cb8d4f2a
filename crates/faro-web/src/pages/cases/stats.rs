//! The hub's case statistics panel: cases by status, closures by reason, days to the first
//! service, overdue tasks, services delivered, cases referred out and in, and what each
//! partner did with the cases referred to it, in words, exact or released as
//! `services::case_statistics` decides, with what the numbers mean.

use crate::services::case_statistics::CaseStatistics;
use faro_domain::Vocabulary;
use faro_domain::case::statistics::FirstService;
use faro_domain::case::{CaseStatus, ClosureReason, ServiceKind};
use faro_domain::referral::ReferralStatus;
use faro_i18n::{FluentArgs, Lang, key};

pub struct Row {
    pub label: String,
    pub count: String,
    pub hidden: bool,
}

pub struct Table {
    pub title: String,
    pub rows: Vec<Row>,
}

/// A partner's line: cases referred there (their latest referral), accepted, answered
/// within a week.
pub struct PartnerRow {
    pub name: String,
    pub counts: [Row; 3],
}

pub struct CasesPanel {
    /// What the numbers are: exact, released when and how noisy, or not released yet.
    pub note: String,
    pub tables: Vec<Table>,
    /// Empty in a release made before partners were counted.
    pub partners: Vec<PartnerRow>,
}

fn row(lang: Lang, label: String, count: Option<u64>) -> Row {
    Row {
        label,
        hidden: count.is_none(),
        count: count.map_or_else(
            || lang.w(key!("hub-hidden-short")).into_owned(),
            |n| lang.count(n),
        ),
    }
}

fn table<V: Vocabulary>(lang: Lang, title: &'static str, counts: &[Option<u64>]) -> Table {
    Table {
        title: lang.w(title).into_owned(),
        rows: V::ALL
            .iter()
            .zip(counts)
            .map(|(v, n)| row(lang, lang.label(*v).into_owned(), *n))
            .collect(),
    }
}

fn band_key(band: FirstService) -> &'static str {
    match band {
        FirstService::Week => key!("cases-stats-within_7_days"),
        FirstService::Month => key!("cases-stats-within_30_days"),
        FirstService::Quarter => key!("cases-stats-within_90_days"),
        FirstService::Later => key!("cases-stats-later"),
        FirstService::NotYet => key!("cases-stats-not_yet"),
    }
}

/// The panel, or `None` when there is nothing to show: no case counted, no release yet.
pub fn panel(lang: Lang, s: &CaseStatistics) -> Option<CasesPanel> {
    let note = match (s.controlled, s.released_at) {
        (false, _) if s.counts.status.iter().flatten().sum::<u64>() == 0 => return None,
        (false, _) => lang.w(key!("cases-stats-exact")).into_owned(),
        (true, None) => return None,
        (true, Some(at)) => {
            let mut args = FluentArgs::new();
            args.set("date", faro_domain::case::Day::of_unix(at).to_string());
            args.set("margin", s.margin.unwrap_or(0));
            lang.format(key!("cases-stats-released"), Some(&args))
                .into_owned()
        }
    };
    let c = &s.counts;
    let waits = Table {
        title: lang.w(key!("cases-stats-first-service")).into_owned(),
        rows: FirstService::ALL
            .iter()
            .zip(&c.first_service)
            .map(|(b, n)| row(lang, lang.w(band_key(*b)).into_owned(), *n))
            .collect(),
    };
    let overdue = Table {
        title: lang.w(key!("cases-stats-tasks")).into_owned(),
        rows: vec![row(
            lang,
            lang.w(key!("cases-stats-overdue")).into_owned(),
            c.overdue,
        )],
    };
    let mut tables = vec![
        table::<CaseStatus>(lang, key!("cases-stats-status"), &c.status),
        table::<ServiceKind>(lang, key!("cases-stats-delivered"), &c.delivered),
        waits,
        overdue,
        table::<ClosureReason>(lang, key!("cases-stats-closures"), &c.closures),
    ];
    // A release made before referrals were counted has no referral tables.
    if !c.referred_out.is_empty() {
        let mut out =
            table::<ReferralStatus>(lang, key!("cases-stats-referred_out"), &c.referred_out);
        out.rows.push(row(
            lang,
            lang.w(key!("cases-stats-follow_up_overdue")).into_owned(),
            c.follow_up_overdue,
        ));
        tables.push(out);
        tables.push(table::<ReferralStatus>(
            lang,
            key!("cases-stats-referred_in"),
            &c.referred_in,
        ));
    }
    let partners = c
        .partners
        .iter()
        .map(|p| PartnerRow {
            name: match p.organisation {
                Some(_) => p.name.clone(),
                None => lang.w(key!("cases-stats-partner-external")).into_owned(),
            },
            counts: [p.referred, p.accepted, p.prompt].map(|n| row(lang, String::new(), n)),
        })
        .collect();
    Some(CasesPanel {
        note,
        tables,
        partners,
    })
}
