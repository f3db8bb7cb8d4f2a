//! What the public page shows of a release, drawn only from what was published: each file
//! described with its format and size, the datasheet as a page, and charts and a map of the
//! differentially private tables (`dp-tables.csv`), never of the records.

use crate::charts::map::{Fill, Layers, MapWords};
use crate::charts::{self, Bar, Words};
use faro_domain::Country;
use faro_domain::query::{DimValue, Dimension};
use faro_i18n::{Lang, key};

/// A public file as the page lists it.
pub struct PublicFile {
    pub name: String,
    /// What it holds, in words.
    pub what: String,
    pub format: &'static str,
    /// Its size in the reader's way ("12 KB").
    pub size: String,
}

/// `name` with its description, format and size.
pub fn describe(lang: Lang, name: &str, bytes: i64) -> PublicFile {
    let what = match name {
        "kanon.csv" => key!("published-kanon"),
        "kanon-general.csv" => key!("published-general"),
        "synthetic.csv" => key!("published-synthetic"),
        "dp-tables.csv" => key!("published-dp"),
        _ => key!("published-datasheet"),
    };
    let format = if name.ends_with(".csv") {
        "CSV"
    } else {
        "Markdown"
    };
    let kilobytes = u64::try_from(bytes)
        .unwrap_or_default()
        .div_ceil(1024)
        .max(1);
    let mut args = faro_i18n::FluentArgs::new();
    args.set("size", kilobytes);
    PublicFile {
        name: name.to_string(),
        what: lang.w(what).into_owned(),
        format,
        size: lang
            .format(key!("data_kilobytes"), Some(&args))
            .into_owned(),
    }
}

/// A chart of one published table: its title and SVG.
pub struct PublicChart {
    pub title: String,
    pub svg: String,
}

/// The charts of a release's noisy tables (`dimension,value,count` rows): a map of the
/// countries of exploitation, then one bar chart per other table, in the reader's language.
/// Rows that cannot be read are left out: the file is Faro's own, checked when written.
pub fn charts(lang: Lang, csv_text: &[u8]) -> Vec<PublicChart> {
    let mut tables: Vec<(Dimension, Vec<(String, u64)>)> = Vec::new();
    let mut reader = csv::Reader::from_reader(csv_text);
    for row in reader.records().flatten() {
        let (Some(dim), Some(value), Some(count)) = (
            row.get(0).and_then(Dimension::from_id),
            row.get(1),
            row.get(2).and_then(|c| c.parse::<u64>().ok()),
        ) else {
            continue;
        };
        match tables.iter_mut().find(|(d, _)| *d == dim) {
            Some((_, rows)) => rows.push((value.to_string(), count)),
            None => tables.push((dim, vec![(value.to_string(), count)])),
        }
    }
    let grouping = lang.grouping();
    let hidden = lang.w(key!("published-none")).into_owned();
    tables
        .into_iter()
        .map(|(dim, rows)| {
            let title = lang.dimension(dim).into_owned();
            let svg = if dim == Dimension::ExploitationCountry {
                country_map(lang, &rows, &title, &hidden)
            } else {
                let mut bars: Vec<Bar> = rows
                    .iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(value, n)| Bar {
                        label: label(lang, dim, value),
                        count: Some(*n),
                        href: None,
                    })
                    .collect();
                if matches!(dim, Dimension::Citizenship) {
                    bars.sort_by_key(|b| std::cmp::Reverse(b.count));
                    bars.truncate(15);
                }
                let words = Words {
                    hidden: hidden.clone(),
                    title: title.clone(),
                };
                charts::bars(&bars, &words, grouping)
            };
            PublicChart { title, svg }
        })
        .collect()
}

fn country_map(lang: Lang, rows: &[(String, u64)], title: &str, hidden: &str) -> String {
    let fills = rows
        .iter()
        .filter(|(_, n)| *n > 0)
        .filter_map(|(code, n)| {
            let country = Country::from_alpha2(code)?;
            Some(Fill {
                country,
                label: lang.country(country).into_owned(),
                count: Some(*n),
                href: None,
            })
        })
        .collect();
    let layers = Layers {
        fills,
        ..Layers::default()
    };
    let words = MapWords {
        title: title.to_string(),
        hidden: hidden.to_string(),
        none: lang.w(key!("published-none")).into_owned(),
    };
    charts::map::map(&layers, &words, lang.grouping())
}

/// A published value in words: a country's name, a term's label, a year as it is.
fn label(lang: Lang, dim: Dimension, value: &str) -> String {
    if value == "unknown" {
        return lang.value(dim, &DimValue::Unknown).into_owned();
    }
    if let Some(country) = Country::from_alpha2(value) {
        return lang.country(country).into_owned();
    }
    match dim.codes().into_iter().find(|c| *c == value) {
        Some(code) => lang.value(dim, &DimValue::Code(code)).into_owned(),
        None => value.to_string(),
    }
}

/// A datasheet (Markdown that Faro wrote) as HTML: raw HTML in it is shown as text, never
/// rendered, so a datasheet cannot carry markup into the page; its headings start at `<h3>`,
/// under the page's own.
pub fn datasheet_html(markdown: &str) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd, html};
    let lower = |level: HeadingLevel| match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    };
    let events = Parser::new(markdown).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// The language a datasheet is written in, read from its title (each language's datasheet
/// begins with its own word for "Datasheet").
pub fn datasheet_language(markdown: &str) -> Option<Lang> {
    let first = markdown.lines().next()?.trim_start_matches('#').trim();
    Lang::all().find(|l| first.starts_with(&*l.w(key!("publish_datasheet_title"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_datasheet_is_html_without_the_markup_it_may_hold() {
        let html = datasheet_html("# Datasheet: Org\n\n- k: 5\n\n<script>alert(1)</script>");
        assert!(html.contains("<h3>Datasheet: Org</h3>") && html.contains("<li>k: 5</li>"));
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
        assert_eq!(
            datasheet_language("# Datasheet: Org"),
            Some(Lang::REFERENCE)
        );
        assert_eq!(datasheet_language("nothing"), None);
    }

    #[test]
    fn the_published_tables_are_drawn_in_words() {
        let csv = b"dimension,value,count\ngender,female,120\ngender,male,0\nexploitation_country,PT,40\n";
        let fr = Lang::from_code("fr").expect("French ships");
        let drawn = charts(fr, csv);
        assert_eq!(drawn.len(), 2);
        assert!(drawn[0].svg.contains("Femme") && !drawn[0].svg.contains("Homme"));
        assert!(drawn[1].svg.contains("Portugal: 40"), "{}", drawn[1].svg);
    }
}
