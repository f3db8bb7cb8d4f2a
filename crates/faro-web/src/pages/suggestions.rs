//! The inbox's suggestions from a report's text (`faro_triage`): the verdict and its score,
//! whether it looks urgent, the codes it suggests with the words behind each, and the text with
//! those words and the personal data marked. An operator accepts them into the report's codes in
//! one click or corrects them in the codes form; either way the codes staff save are the signal
//! an organisation's model will learn from.

use faro_domain::vocab::{Exploitation, Labour, MeansDetail, Vocabulary};
use faro_i18n::{Lang, key};
use faro_triage::{Finding, Triage};

/// A piece of the text: plain, or marked as evidence or as personal data.
pub struct Segment {
    pub text: String,
    /// `evidence`, `pii`, or empty for plain text.
    pub mark: &'static str,
}

pub struct Item {
    pub label: String,
    /// The words of the text that support it.
    pub quotes: Vec<String>,
}

pub struct Group {
    pub title: &'static str,
    pub items: Vec<Item>,
}

pub struct Suggestions {
    pub likely: bool,
    pub percent: u32,
    pub urgent: bool,
    pub language: &'static str,
    pub groups: Vec<Group>,
    pub text: Vec<Segment>,
    /// What "accept" ticks in the codes form: the report's own codes and the suggested ones.
    pub accept_modality: Vec<&'static str>,
    pub accept_means: Vec<&'static str>,
}

fn chars(text: &[char], start: usize, end: usize) -> String {
    text[start.min(text.len())..end.min(text.len())]
        .iter()
        .collect()
}

fn label<V: Vocabulary>(lang: Lang, code: &str) -> Option<String> {
    V::from_code(code).map(|v| lang.label(v).into_owned())
}

fn items(
    lang: Lang,
    findings: &[Finding],
    text: &[char],
    name: fn(Lang, &str) -> Option<String>,
) -> Vec<Item> {
    findings
        .iter()
        .filter_map(|f| {
            Some(Item {
                label: name(lang, &f.code)?,
                quotes: f
                    .evidence
                    .iter()
                    .map(|e| chars(text, e.start, e.end))
                    .collect(),
            })
        })
        .collect()
}

/// The text cut where marks begin and end: personal data over evidence over plain.
fn segments(text: &[char], triage: &Triage) -> Vec<Segment> {
    let mut marks = vec![""; text.len()];
    let evidence = triage
        .exploitation
        .iter()
        .chain(&triage.labour)
        .chain(&triage.means)
        .flat_map(|f| &f.evidence)
        .chain(&triage.trafficking.evidence)
        .chain(&triage.urgent.evidence);
    for e in evidence {
        for m in &mut marks[e.start.min(text.len())..e.end.min(text.len())] {
            *m = "evidence";
        }
    }
    for p in &triage.pii {
        for m in &mut marks[p.start.min(text.len())..p.end.min(text.len())] {
            *m = "pii";
        }
    }
    let mut out: Vec<Segment> = Vec::new();
    for (c, mark) in text.iter().zip(marks) {
        match out.last_mut() {
            Some(last) if last.mark == mark => last.text.push(*c),
            _ => out.push(Segment {
                text: c.to_string(),
                mark,
            }),
        }
    }
    out
}

fn codes_of<V: Vocabulary>(
    own: impl Iterator<Item = V>,
    suggested: &[Finding],
) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = own
        .map(|v| v.code())
        .chain(
            suggested
                .iter()
                .filter_map(|f| V::from_code(&f.code).map(|v| v.code())),
        )
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

pub fn of(
    lang: Lang,
    text: &str,
    triage: &Triage,
    modality: impl Iterator<Item = Exploitation>,
    means: impl Iterator<Item = MeansDetail>,
) -> Suggestions {
    let text: Vec<char> = text.chars().collect();
    let groups = vec![
        Group {
            title: key!("inbox-triage-exploitation"),
            items: items(lang, &triage.exploitation, &text, label::<Exploitation>),
        },
        Group {
            title: key!("inbox-triage-labour"),
            items: items(lang, &triage.labour, &text, label::<Labour>),
        },
        Group {
            title: key!("inbox-triage-means"),
            items: items(lang, &triage.means, &text, label::<MeansDetail>),
        },
    ]
    .into_iter()
    .filter(|g| !g.items.is_empty())
    .collect();
    Suggestions {
        likely: triage.trafficking.likely,
        percent: (triage.trafficking.score * 100.0).round() as u32,
        urgent: triage.urgent.likely,
        language: triage.language.code(),
        groups,
        text: segments(&text, triage),
        accept_modality: codes_of(modality, &triage.exploitation),
        accept_means: codes_of(means, &triage.means),
    }
}
