//! The hub's charts as SVG, drawn on the server so that a page, a printed brief and a
//! downloaded file show the same picture with or without JavaScript. Every count drawn here
//! comes from a released table (`faro-privacy`); a hidden count is drawn as hatching and
//! says so, never as a bar of some length. Words come from the caller, already translated;
//! colours are attributes, so an exported file needs no stylesheet.

pub mod map;
pub mod png;
pub mod world;

use svg::Node;
use svg::node::element::{
    Anchor, Definitions, Group, Line, Pattern, Rectangle, TSpan, Text, Title,
};

/// ColorBrewer's "Blues", five classes: counts from few to many.
pub const SEQUENTIAL: [&str; 5] = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
/// Okabe & Ito's colour-blind-safe palette, for categories (modalities), with a violet for a
/// ninth category.
pub const CATEGORICAL: [&str; 9] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#6B4C9A",
    "#1B1F23",
];
/// Countries or cells with nothing counted.
pub const EMPTY: &str = "#eef0f2";
const INK: &str = "#1d2733";
const MUTED: &str = "#5b6675";
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/// The fill of a hidden count: hatching, defined once per chart as `#hidden`.
pub const HIDDEN_FILL: &str = "url(#hidden)";

/// One bar of a breakdown: a translated label, the released count, and where a click leads.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// `None`: too few to show.
    pub count: Option<u64>,
    pub href: Option<String>,
}

/// Words a chart shows besides its data, translated by the caller.
pub struct Words {
    /// Said for a hidden count ("fewer than 11").
    pub hidden: String,
    /// The chart's accessible name.
    pub title: String,
}

/// The hatching that marks a hidden count, for a chart's `<defs>`.
pub fn hidden_pattern() -> Definitions {
    Definitions::new().add(
        Pattern::new()
            .set("id", "hidden")
            .set("width", 6)
            .set("height", 6)
            .set("patternUnits", "userSpaceOnUse")
            .set("patternTransform", "rotate(45)")
            .add(
                Rectangle::new()
                    .set("width", 6)
                    .set("height", 6)
                    .set("fill", "#ffffff"),
            )
            .add(
                Line::new()
                    .set("x1", 0)
                    .set("y1", 0)
                    .set("x2", 0)
                    .set("y2", 6)
                    .set("stroke", MUTED)
                    .set("stroke-width", 2),
            ),
    )
}

/// An `<svg>` root of `width` × `height` with its accessible title and the shared defs. A
/// chart whose parts are links is a named group (an image cannot hold links: its children
/// are hidden from assistive technology); any other is an image.
pub fn document(width: f64, height: f64, title: &str, interactive: bool) -> svg::Document {
    let role = if interactive { "group" } else { "img" };
    svg::Document::new()
        .set("viewBox", (0, 0, width, height.ceil()))
        .set("width", width)
        .set("height", height.ceil())
        .set("role", role)
        .set("aria-label", title)
        .set("font-family", FONT)
        .set("font-size", 12)
        .set("fill", INK)
        .add(Title::new(title))
        .add(hidden_pattern())
}

/// A chart made to travel alone (a downloaded SVG or PNG): its title above it and, below, the
/// lines that say what it counts and how its numbers were protected, wrapped to its width.
pub fn described(chart: &str, title: &str, notes: &[String]) -> String {
    let size = |name: &str| {
        let head = &chart[..chart.find('>').unwrap_or(chart.len())];
        let at = head.find(&format!(" {name}=\""))? + name.len() + 3;
        head[at..].split('"').next()?.parse::<f64>().ok()
    };
    let (width, height) = (
        size("width").unwrap_or(560.0),
        size("height").unwrap_or(400.0),
    );
    let per_line = (width / 6.0).max(40.0) as usize;
    let lines: Vec<String> = notes.iter().flat_map(|n| wrap(n, per_line)).collect();
    const TOP: f64 = 30.0;
    let total = (TOP + height + 12.0 + 15.0 * lines.len() as f64).ceil();
    let mut below = String::new();
    for (i, line) in lines.iter().enumerate() {
        let y = TOP + height + 12.0 + 15.0 * i as f64 + 10.0;
        below.push_str(&format!(
            "<text x=\"0\" y=\"{y}\" font-size=\"11\" fill=\"{MUTED}\">{}</text>",
            escape(line)
        ));
    }
    let inner = chart.replacen("<svg", &format!("<svg x=\"0\" y=\"{TOP}\""), 1);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {total}\" width=\"{width}\" height=\"{total}\" role=\"img\" font-family=\"{FONT}\" fill=\"{INK}\"><title>{t}</title><rect width=\"{width}\" height=\"{total}\" fill=\"#ffffff\"/><text x=\"0\" y=\"20\" font-size=\"15\" font-weight=\"bold\">{t}</text>{inner}{below}</svg>",
        t = escape(title)
    )
}

/// Text for an SVG text node.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `text` in lines of at most `width` characters, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `node` as a link when `href` is given (keyboard-usable: an SVG `<a>` takes focus).
pub fn linked(node: impl Into<Box<dyn Node>>, href: Option<&str>, title: &str) -> Box<dyn Node> {
    match href {
        Some(href) => Box::new(
            Anchor::new()
                .set("href", href)
                .add(Title::new(title))
                .add(node.into()),
        ),
        None => {
            let mut g = Group::new().add(Title::new(title));
            g.append(node.into());
            Box::new(g)
        }
    }
}

/// Horizontal bars, one per row, longest scale from the largest shown count. A hidden count
/// is a short hatched bar with the words for "too few to show" instead of a number.
pub fn bars(rows: &[Bar], words: &Words, grouping: faro_i18n::Grouping) -> String {
    const WIDTH: f64 = 560.0;
    const LABEL: f64 = 200.0;
    const LABEL_CHARS: usize = 28;
    // Rows are taller when a label takes two lines, so that no label is cut mid-word.
    let two_lines = rows.iter().any(|b| b.label.chars().count() > LABEL_CHARS);
    let row_height: f64 = if two_lines { 34.0 } else { 24.0 };
    let max = rows
        .iter()
        .filter_map(|b| b.count)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let plot = WIDTH - LABEL - 70.0;
    let height = row_height * rows.len().max(1) as f64 + 8.0;
    let interactive = rows.iter().any(|r| r.href.is_some());
    let mut doc = document(WIDTH, height, &words.title, interactive);
    for (i, bar) in rows.iter().enumerate() {
        let y = 4.0 + row_height * i as f64;
        let middle = y + row_height / 2.0;
        let (width, fill, said) = match bar.count {
            Some(n) => (
                (n as f64 / max * plot).max(1.0),
                SEQUENTIAL[3],
                grouping.format(n),
            ),
            None => (18.0, HIDDEN_FILL, words.hidden.clone()),
        };
        let lines = label_lines(&bar.label, LABEL_CHARS);
        let mut label = Text::new("")
            .set("x", LABEL - 8.0)
            .set("y", round(middle + 4.0 - 7.0 * (lines.len() as f64 - 1.0)))
            .set("text-anchor", "end");
        for (n, line) in lines.into_iter().enumerate() {
            let dy = if n == 0 { 0.0 } else { 14.0 };
            label = label.add(TSpan::new(line).set("x", LABEL - 8.0).set("dy", dy));
        }
        let row = Group::new()
            .add(label)
            .add(
                Rectangle::new()
                    .set("x", LABEL)
                    .set("y", round(middle - 8.0))
                    .set("width", round(width))
                    .set("height", 16)
                    .set("fill", fill)
                    .set("stroke", if bar.count.is_none() { MUTED } else { "none" }),
            )
            .add(
                Text::new(said.clone())
                    .set("x", round(LABEL + width + 6.0))
                    .set("y", round(middle + 4.0))
                    .set("fill", MUTED),
            );
        let title = format!("{}: {said}", bar.label);
        doc = doc.add(linked(row, bar.href.as_deref(), &title));
    }
    doc.to_string()
}

/// One stacked layer of a time series: a category, its colour and a count per period.
pub struct Layer {
    pub label: String,
    pub colour: &'static str,
    /// One per period; `None`: hidden.
    pub counts: Vec<Option<u64>>,
}

/// Stacked columns by period (years), one layer per category, with a legend. A period with a
/// hidden part gets a hatched cap, so a column never looks complete when it is not.
pub fn stacked(
    periods: &[(String, Option<String>)],
    layers: &[Layer],
    words: &Words,
    grouping: faro_i18n::Grouping,
) -> String {
    const HEIGHT: f64 = 260.0;
    const LEFT: f64 = 56.0;
    let legend_rows = layers.len().div_ceil(3) as f64;
    let width = (LEFT + 20.0 + 34.0 * periods.len() as f64).max(560.0);
    let bottom = HEIGHT - 28.0;
    let totals: Vec<u64> = (0..periods.len())
        .map(|p| {
            layers
                .iter()
                .filter_map(|l| l.counts.get(p).copied().flatten())
                .sum()
        })
        .collect();
    let max = totals.iter().copied().max().unwrap_or(1).max(1) as f64;
    let step = (width - LEFT - 10.0) / periods.len().max(1) as f64;
    let scale = (bottom - 16.0) / max;
    let interactive = periods.iter().any(|(_, href)| href.is_some());
    let height = HEIGHT + 20.0 * legend_rows + 16.0;
    let mut doc = document(width, height, &words.title, interactive);
    for tick in [0.0, 0.5, 1.0] {
        let y = round(bottom - tick * max * scale);
        doc = doc
            .add(
                Line::new()
                    .set("x1", LEFT)
                    .set("x2", width - 6.0)
                    .set("y1", y)
                    .set("y2", y)
                    .set("stroke", "#d9dde3"),
            )
            .add(
                Text::new(grouping.format((tick * max).round() as u64))
                    .set("x", LEFT - 6.0)
                    .set("y", y + 4.0)
                    .set("text-anchor", "end")
                    .set("fill", MUTED),
            );
    }
    for (p, (period, href)) in periods.iter().enumerate() {
        let x = LEFT + step * p as f64 + step * 0.15;
        let w = round((step * 0.7).max(2.0));
        let mut y = bottom;
        let mut column = Group::new();
        let mut hidden = false;
        for layer in layers {
            match layer.counts.get(p).copied().flatten() {
                Some(n) if n > 0 => {
                    let h = n as f64 * scale;
                    y -= h;
                    column = column.add(
                        Rectangle::new()
                            .set("x", round(x))
                            .set("y", round(y))
                            .set("width", w)
                            .set("height", round(h.max(0.5)))
                            .set("fill", layer.colour)
                            .add(Title::new(format!(
                                "{period} · {}: {}",
                                layer.label,
                                grouping.format(n)
                            ))),
                    );
                }
                Some(_) => {}
                None => hidden |= layer.counts.get(p).is_some(),
            }
        }
        if hidden {
            column = column.add(
                Rectangle::new()
                    .set("x", round(x))
                    .set("y", round(y - 8.0))
                    .set("width", w)
                    .set("height", 8)
                    .set("fill", HIDDEN_FILL)
                    .set("stroke", MUTED)
                    .add(Title::new(format!("{period}: {}", words.hidden))),
            );
        }
        column = column.add(
            Text::new(period.clone())
                .set("x", round(x + w / 2.0))
                .set("y", bottom + 16.0)
                .set("text-anchor", "middle")
                .set("font-size", 10),
        );
        let title = format!("{period}: {}", grouping.format(totals[p]));
        doc = doc.add(linked(column, href.as_deref(), &title));
    }
    for (i, layer) in layers.iter().enumerate() {
        let (col, row) = ((i % 3) as f64, (i / 3) as f64);
        let x = LEFT + col * 180.0;
        // Below the period labels (at `bottom + 16`), clear of their descenders.
        let y = HEIGHT + 14.0 + row * 20.0;
        doc = doc
            .add(
                Rectangle::new()
                    .set("x", x)
                    .set("y", y - 10.0)
                    .set("width", 12)
                    .set("height", 12)
                    .set("fill", layer.colour),
            )
            .add(
                Text::new(truncate(&layer.label, 26))
                    .set("x", x + 18.0)
                    .set("y", y),
            );
    }
    doc.to_string()
}

/// A label in at most two lines of `width` characters, broken between words; only what a
/// third line would hold is cut, with an ellipsis (the full text stays in the title).
fn label_lines(text: &str, width: usize) -> Vec<String> {
    let mut lines = wrap(text, width);
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        lines = vec![lines[0].clone(), truncate(&rest, width)];
    }
    lines.into_iter().map(|l| truncate(&l, width)).collect()
}

/// A label cut to `max` characters with an ellipsis (the full text stays in the title).
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

/// A coordinate with one decimal, as SVG text.
pub fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        Words {
            hidden: "fewer than 11".into(),
            title: "By gender".into(),
        }
    }

    #[test]
    fn bars_scale_to_the_largest_and_hidden_counts_say_so() {
        let svg = bars(
            &[
                Bar {
                    label: "Female".into(),
                    count: Some(1200),
                    href: Some("/hub?gender=female".into()),
                },
                Bar {
                    label: "Male".into(),
                    count: Some(600),
                    href: None,
                },
                Bar {
                    label: "<Trans>".into(),
                    count: None,
                    href: None,
                },
            ],
            &words(),
            faro_i18n::Lang::REFERENCE.grouping(),
        );
        assert!(svg.contains("1,200") && svg.contains("600"));
        assert!(svg.contains(r#"href="/hub?gender=female""#));
        assert!(svg.contains("fewer than 11") && svg.contains(HIDDEN_FILL));
        assert!(svg.contains("&lt;Trans&gt;") && !svg.contains("<Trans>"));
        assert!(
            svg.contains(r#"width="290""#),
            "the largest bar spans the plot"
        );
        assert!(
            svg.contains(r#"width="145""#),
            "half the count, half the length"
        );
    }

    #[test]
    fn a_column_with_a_hidden_part_is_capped_with_hatching() {
        let svg = stacked(
            &[
                ("2019".into(), None),
                ("2020".into(), Some("/hub?year=2020".into())),
            ],
            &[
                Layer {
                    label: "Forced labour".into(),
                    colour: CATEGORICAL[0],
                    counts: vec![Some(40), Some(20)],
                },
                Layer {
                    label: "Forced marriage".into(),
                    colour: CATEGORICAL[1],
                    counts: vec![Some(10), None],
                },
            ],
            &words(),
            faro_i18n::Lang::REFERENCE.grouping(),
        );
        assert!(svg.contains("2020: fewer than 11"), "{svg}");
        assert!(!svg.contains("2019: fewer than 11"));
        assert!(svg.contains("2019 · Forced marriage: 10"));
    }
}
