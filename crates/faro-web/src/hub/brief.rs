//! The brief: the visual report for authorities ("report" stays the word for a tip). One
//! printable page with the filters, key figures, map, corridors, time series, breakdowns and
//! a note on method and data quality, as CTDC writes beside its charts. The hub serves it at
//! `/hub/brief`; `faro brief` writes it as one self-contained file that opens offline.

use super::draw::{self, Links, Look};
use super::{BREAKDOWNS, Hub, HubQuery, View};
use crate::services::{Context, ServiceError};
use askama::Template;
use faro_domain::AccessContext;
use faro_domain::query::{DimValue, Dimension};
use faro_i18n::Lang;
use faro_i18n::key;

/// How the brief gets its styles.
pub enum Style {
    /// A link to the served stylesheet (the hub's page).
    Linked(String),
    /// The stylesheet inside the file (`faro brief`), so that it opens offline.
    Inline,
}

/// A chart of the brief: its title key and its SVG (`None`: too narrow to show).
pub struct Chart {
    pub title: String,
    pub svg: Option<String>,
}

/// A line of the filters or of the key figures: a label and what it says.
pub struct Line {
    pub label: String,
    pub text: String,
}

impl Line {
    /// "Year: since 2010", with the language's spacing before the colon.
    pub fn said(&self, lang: Lang) -> String {
        let mut args = faro_i18n::FluentArgs::new();
        args.set("label", self.label.as_str());
        args.set("value", self.text.as_str());
        lang.format(key!("hub-filter-line"), Some(&args))
            .into_owned()
    }
}

#[derive(Template)]
#[template(path = "hub/brief.html")]
pub struct Brief {
    pub lang: Lang,
    pub style: String,
    pub inline: bool,
    pub date: String,
    pub filters: Vec<Line>,
    pub figures: Vec<Line>,
    pub map: String,
    pub corridors: Vec<draw::Corridor>,
    pub charts: Vec<Chart>,
    pub notes: Vec<String>,
    pub controlled: bool,
    /// The hub's query, for the link back (the page only).
    pub query: String,
}

/// The brief of `query` for `ctx`, in `lang`; audited under `action` as one view.
pub async fn render(
    cx: &Context,
    ctx: &AccessContext,
    query: &HubQuery,
    lang: Lang,
    style: Style,
    action: &'static str,
) -> Result<String, ServiceError> {
    let hub = super::gather(cx, ctx, query, &View::ALL, action).await?;
    let look = Look {
        lang,
        links: Links::Off,
        threshold: cx.privacy.threshold,
    };
    let charts = std::iter::once(View::Series)
        .chain(BREAKDOWNS)
        .map(|v| Chart {
            title: lang.w(&v.title()).into_owned(),
            svg: draw::chart(&hub, v, &look),
        })
        .collect();
    let (style, inline) = match style {
        Style::Linked(href) => (href, false),
        Style::Inline => (include_str!("../../assets/faro.css").to_string(), true),
    };
    let brief = Brief {
        lang,
        style,
        inline,
        date: today(),
        filters: filters(lang, query),
        figures: figures(&hub, &look),
        map: draw::map(&hub, &look),
        corridors: draw::corridors(&hub, &look),
        charts,
        notes: notes_of(&hub, &look),
        controlled: hub.controlled,
        query: query.to_query(),
    };
    brief.render().map_err(|e| ServiceError::Render {
        what: "brief",
        cause: e.to_string(),
    })
}

fn today() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.format(&time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// The filters in words: one line per dimension, then the reports' filters.
pub fn filters(lang: Lang, query: &HubQuery) -> Vec<Line> {
    let mut lines: Vec<Line> = query
        .filter
        .selections()
        .iter()
        .map(|(dim, sel)| {
            let mut words: Vec<String> = if *dim == Dimension::Year {
                sel.ranges.iter().map(|r| years(lang, *r)).collect()
            } else {
                sel.ids
                    .iter()
                    .map(|id| {
                        let value = match dim {
                            Dimension::Source => DimValue::Source(*id),
                            d => d.value(u32::try_from(*id).unwrap_or(u32::MAX)),
                        };
                        lang.value(*dim, &value).into_owned()
                    })
                    .collect()
            };
            if sel.unknown && *dim != Dimension::Year {
                words.push(lang.value(*dim, &DimValue::Unknown).into_owned());
            }
            Line {
                label: lang.dimension(*dim).into_owned(),
                text: words.join(", "),
            }
        })
        .collect();
    lines.extend(report_line(lang, "hub-channel", &query.channels));
    lines.extend(report_line(lang, "hub-status", &query.statuses));
    lines
}

/// What a chart downloaded alone must say about itself (a chart of women says so): the
/// filters, when and from what it was made, and how its numbers were protected.
pub fn export_notes(hub: &Hub, look: &Look, query: &HubQuery) -> Vec<String> {
    let lang = look.lang;
    let chosen: Vec<String> = filters(lang, query)
        .into_iter()
        .map(|l| l.said(lang))
        .collect();
    let mut args = faro_i18n::FluentArgs::new();
    let filters = if chosen.is_empty() {
        lang.w(key!("hub-export-all")).into_owned()
    } else {
        chosen.join("; ")
    };
    args.set("filters", filters);
    args.set("date", today());
    args.set("threshold", look.threshold);
    let mut notes = vec![
        lang.format("hub-export-filters", Some(&args)).into_owned(),
        format!(
            "{} {}",
            lang.format("hub-export-made", Some(&args)),
            lang.w(key!("attribution"))
        ),
    ];
    if hub.controlled {
        notes.extend(protection(hub, look));
    } else {
        notes.push(lang.format("hub-export-exact", Some(&args)).into_owned());
    }
    notes
}

/// How the counts were protected, when they come from controlled releases: the control, the
/// widest noise of the tables shown and the oldest release's date. Nothing for exact readers.
fn protection(hub: &Hub, look: &Look) -> Vec<String> {
    if !hub.controlled {
        return Vec::new();
    }
    let lang = look.lang;
    let mut notes = Vec::new();
    let mut args = faro_i18n::FluentArgs::new();
    args.set("threshold", look.threshold);
    notes.push(lang.format("hub-note-controlled", Some(&args)).into_owned());
    // The widest noise of any table shown, and the releases' dates.
    let shown = hub.tables.iter().filter_map(|(_, t)| t.as_ref().ok());
    let widest = shown
        .clone()
        .filter_map(|t| t.get().noise)
        .max_by_key(|n| n.margin);
    if let Some(noise) = widest {
        let mut args = faro_i18n::FluentArgs::new();
        args.set("margin", noise.margin);
        args.set("shown", noise.shown_from);
        notes.push(lang.format("hub-chart-noise", Some(&args)).into_owned());
    }
    let made = shown
        .flat_map(|t| t.get().releases.iter().map(|r| r.made_at.clone()))
        .min();
    if let Some(made) = made {
        let mut args = faro_i18n::FluentArgs::new();
        args.set("date", made.get(..10).unwrap_or_default().to_string());
        notes.push(lang.format("hub-note-released", Some(&args)).into_owned());
    }
    notes
}

/// A range of years in words: "since 2010", "until 2015", "2015–2020", "2019".
fn years(lang: Lang, range: (Option<u16>, Option<u16>)) -> String {
    let mut args = faro_i18n::FluentArgs::new();
    let (key, from, to) = match range {
        (Some(a), Some(b)) if a == b => return a.to_string(),
        (Some(a), Some(b)) => (key!("hub-years-between"), a, b),
        (Some(a), None) => (key!("hub-years-since"), a, a),
        (None, Some(b)) => (key!("hub-years-until"), b, b),
        (None, None) => return String::new(),
    };
    // Years as text: never grouped like counts.
    args.set("from", from.to_string());
    args.set("to", to.to_string());
    lang.format(key, Some(&args)).into_owned()
}

/// A line for one of the reports' filters, when it selects something.
fn report_line<V: faro_domain::Vocabulary>(lang: Lang, key: &str, selected: &[V]) -> Option<Line> {
    (!selected.is_empty()).then(|| Line {
        label: lang.w(key).into_owned(),
        text: selected
            .iter()
            .map(|v| lang.label(*v).into_owned())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// A released count in words: the number, "about" it when controlled, or hidden.
pub fn count_text(count: Option<u64>, controlled: bool, look: &Look) -> String {
    match count {
        Some(n) if controlled => format!("{} {}", look.lang.w(key!("about")), look.lang.count(n)),
        Some(n) => look.lang.count(n),
        None => look.hidden(),
    }
}

/// The key figures: records, countries and corridors with shown counts, years covered,
/// reports placed on the map.
fn figures(hub: &Hub, look: &Look) -> Vec<Line> {
    let lang = look.lang;
    let mut lines = Vec::new();
    let total = match &hub.total {
        Ok(t) => count_text(t.get().total_records, hub.controlled, look),
        Err(_) => lang.w(key!("hub-narrow-short")).into_owned(),
    };
    lines.push(Line {
        label: lang.w(key!("hub-figure-records")).into_owned(),
        text: total,
    });
    let known = |view: View| -> Option<Vec<Vec<DimValue>>> {
        match hub.table(view)? {
            Ok(t) => Some(
                t.get()
                    .rows
                    .iter()
                    .filter(|r| r.count.is_some() && !r.key.contains(&DimValue::Unknown))
                    .map(|r| r.key.clone())
                    .collect(),
            ),
            Err(_) => None,
        }
    };
    if let Some(countries) = known(View::Countries) {
        lines.push(Line {
            label: lang
                .w(match hub.query.map {
                    super::MapBy::Exploitation => "hub-figure-countries",
                    super::MapBy::Citizenship => "hub-figure-citizenships",
                })
                .into_owned(),
            text: countries.len().to_string(),
        });
    }
    if let Some(series) = known(View::Series) {
        let years: Vec<u16> = series
            .iter()
            .filter_map(|k| match k.first() {
                Some(DimValue::Year(y)) => Some(*y),
                _ => None,
            })
            .collect();
        if let (Some(lo), Some(hi)) = (years.iter().min(), years.iter().max()) {
            lines.push(Line {
                label: lang.w(key!("hub-figure-years")).into_owned(),
                text: if lo == hi {
                    lo.to_string()
                } else {
                    format!("{lo}–{hi}")
                },
            });
        }
    }
    if let Some(top) = draw::corridors(hub, look)
        .into_iter()
        .find(|c| c.count.is_some() && c.from != c.to)
    {
        lines.push(Line {
            label: lang.w(key!("hub-figure-top-corridor")).into_owned(),
            text: format!(
                "{} ({})",
                top.label,
                count_text(top.count, hub.controlled, look)
            ),
        });
    }
    if let Some(h) = &hub.hotspots {
        lines.push(Line {
            label: lang.w(key!("hub-figure-reports")).into_owned(),
            text: count_text(h.get().total, h.get().controlled, look),
        });
    }
    lines
}

/// The note on method and data quality: what was counted, unknowns per breakdown, what
/// control applied.
fn notes_of(hub: &Hub, look: &Look) -> Vec<String> {
    let lang = look.lang;
    let mut notes = vec![lang.w(key!("hub-note-counting")).into_owned()];
    let total = hub.total.as_ref().ok().and_then(|t| t.get().total_records);
    // One-dimension tables only: in the time series a record with several modalities is in
    // several cells, so its unknown years would be counted more than once.
    for view in BREAKDOWNS {
        let Some(Ok(table)) = hub.table(view) else {
            continue;
        };
        let table = table.get();
        let Some(dim) = table.by.first().copied() else {
            continue;
        };
        let unknown: Option<u64> = table
            .rows
            .iter()
            .filter(|r| r.key.first() == Some(&DimValue::Unknown))
            .map(|r| r.count)
            .try_fold(0u64, |sum, c| c.map(|c| sum + c));
        if let (Some(unknown), Some(total)) = (unknown, total.filter(|t| *t > 0)) {
            let mut args = faro_i18n::FluentArgs::new();
            args.set("dimension", lang.dimension(dim).into_owned());
            args.set(
                "share",
                format!("{:.0}", unknown as f64 * 100.0 / total as f64),
            );
            notes.push(lang.format("hub-note-unknown", Some(&args)).into_owned());
        }
    }
    notes.extend(protection(hub, look));
    notes.push(lang.w(key!("hub-note-multi")).into_owned());
    notes.push(lang.w(key!("hub-note-sources")).into_owned());
    notes
}
