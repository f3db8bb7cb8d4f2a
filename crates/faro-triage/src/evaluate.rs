//! How well triage does on labelled texts, per language: the figures of the targets
//! (is it trafficking, hard negatives kept out, forms of exploitation, means of control,
//! personal data, places), read by the figures test, the benchmark and the retraining job
//! (which keeps an organisation's model only if it does at least as well as the shipped one).

use crate::TriageError;
use crate::engine::{Engine, Input, Triage};
use crate::lexicon::Language;
use crate::pii::Kind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One labelled text (`data/labelled/*.jsonl`, rules in `LABELLING.md`).
#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    pub id: String,
    pub lang: String,
    pub trafficking: bool,
    pub hard_negative: Option<String>,
    pub exploitation: Vec<String>,
    pub labour: Vec<String>,
    pub means: Vec<String>,
    pub urgent: bool,
    pub text: String,
    pub pii: Vec<LabelledSpan>,
    pub places: Vec<LabelledPlace>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabelledSpan {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabelledPlace {
    pub start: usize,
    pub end: usize,
    pub country: String,
}

#[derive(Debug, thiserror::Error)]
pub enum LabelledError {
    #[error("line {line}: {why}")]
    Line { line: usize, why: String },
}

/// Reads a labelled set, one JSON object a line.
pub fn read(jsonl: &str) -> Result<Vec<Labelled>, LabelledError> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| LabelledError::Line {
                line: i + 1,
                why: e.to_string(),
            })
        })
        .collect()
}

impl Labelled {
    pub fn language(&self) -> Language {
        Language::from_code(&self.lang).unwrap_or(Language::Other)
    }

    /// The labels the model learns from this text.
    pub fn labels(&self) -> Vec<String> {
        let mut labels = Vec::new();
        if self.trafficking {
            labels.push(crate::model::TRAFFICKING.to_string());
        }
        let sections = [
            ("exploitation", &self.exploitation),
            ("labour", &self.labour),
            ("means", &self.means),
        ];
        for (section, codes) in sections {
            labels.extend(codes.iter().map(|c| format!("{section}:{c}")));
        }
        labels
    }
}

/// Counts for precision and recall.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn f1(self) -> f64 {
        let denominator = 2 * self.tp + self.fp + self.fn_;
        if denominator == 0 {
            1.0
        } else {
            2.0 * self.tp as f64 / denominator as f64
        }
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// One language's figures. Each is in 0..=1; higher is better.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub texts: usize,
    pub language: f64,
    pub trafficking_f1: f64,
    pub hard_negatives_kept_out: f64,
    pub exploitation_macro_f1: f64,
    pub labour_macro_f1: f64,
    pub means_macro_f1: f64,
    pub urgent_f1: f64,
    pub pii_recall: f64,
    pub pii_precision: f64,
    pub places_recall: f64,
    pub places_country: f64,
    /// Of the places found, those a labeller marked (figures written before it was measured
    /// read 0).
    #[serde(default)]
    pub places_precision: f64,
}

impl Figures {
    /// Each figure by name, for comparing two sets of figures.
    pub fn named(&self) -> [(&'static str, f64); 12] {
        [
            ("language", self.language),
            ("trafficking_f1", self.trafficking_f1),
            ("hard_negatives_kept_out", self.hard_negatives_kept_out),
            ("exploitation_macro_f1", self.exploitation_macro_f1),
            ("labour_macro_f1", self.labour_macro_f1),
            ("means_macro_f1", self.means_macro_f1),
            ("urgent_f1", self.urgent_f1),
            ("pii_recall", self.pii_recall),
            ("pii_precision", self.pii_precision),
            ("places_recall", self.places_recall),
            ("places_country", self.places_country),
            ("places_precision", self.places_precision),
        ]
    }
}

#[derive(Default)]
struct Tally {
    texts: usize,
    language_right: usize,
    trafficking: Counts,
    urgent: Counts,
    hard_negatives: usize,
    hard_negatives_out: usize,
    codes: BTreeMap<(&'static str, String), Counts>,
    pii_gold: usize,
    pii_found: usize,
    pii_predicted: usize,
    pii_right: usize,
    places_gold: usize,
    places_found: usize,
    places_country: usize,
    places_predicted: usize,
    places_right: usize,
}

fn count(c: &mut Counts, gold: bool, predicted: bool) {
    match (gold, predicted) {
        (true, true) => c.tp += 1,
        (false, true) => c.fp += 1,
        (true, false) => c.fn_ += 1,
        (false, false) => {}
    }
}

impl Tally {
    fn add(&mut self, t: &Labelled, got: &Triage) {
        self.texts += 1;
        self.language_right += usize::from(got.language == t.language());
        count(&mut self.trafficking, t.trafficking, got.trafficking.likely);
        count(&mut self.urgent, t.urgent, got.urgent.likely);
        if t.hard_negative.is_some() {
            self.hard_negatives += 1;
            self.hard_negatives_out += usize::from(!got.trafficking.likely);
        }
        let sections = [
            ("exploitation", &t.exploitation, &got.exploitation),
            ("labour", &t.labour, &got.labour),
            ("means", &t.means, &got.means),
        ];
        for (section, gold, found) in sections {
            let gold: BTreeSet<&str> = gold.iter().map(String::as_str).collect();
            let found: BTreeSet<&str> = found.iter().map(|f| f.code.as_str()).collect();
            for code in gold.union(&found) {
                let c = self.codes.entry((section, code.to_string())).or_default();
                count(c, gold.contains(code), found.contains(code));
            }
        }
        self.pii_gold += t.pii.len();
        self.pii_found += t
            .pii
            .iter()
            .filter(|g| {
                got.pii
                    .iter()
                    .any(|p| p.kind == g.kind && p.start <= g.start && p.end >= g.end)
            })
            .count();
        self.pii_predicted += got.pii.len();
        self.pii_right += got
            .pii
            .iter()
            .filter(|p| {
                t.pii
                    .iter()
                    .any(|g| p.kind == g.kind && p.start < g.end && g.start < p.end)
            })
            .count();
        self.places_predicted += got.places.len();
        self.places_right += got
            .places
            .iter()
            .filter(|p| t.places.iter().any(|g| p.start < g.end && g.start < p.end))
            .count();
        for g in &t.places {
            self.places_gold += 1;
            if let Some(p) = got
                .places
                .iter()
                .find(|p| p.start < g.end && g.start < p.end)
            {
                self.places_found += 1;
                self.places_country += usize::from(p.country.alpha2() == g.country);
            }
        }
    }

    fn macro_f1(&self, section: &str) -> f64 {
        let f1s: Vec<f64> = self
            .codes
            .iter()
            .filter(|((s, _), _)| *s == section)
            .map(|(_, c)| c.f1())
            .collect();
        if f1s.is_empty() {
            1.0
        } else {
            f1s.iter().sum::<f64>() / f1s.len() as f64
        }
    }

    fn figures(&self) -> Figures {
        Figures {
            texts: self.texts,
            language: ratio(self.language_right, self.texts),
            trafficking_f1: self.trafficking.f1(),
            hard_negatives_kept_out: ratio(self.hard_negatives_out, self.hard_negatives),
            exploitation_macro_f1: self.macro_f1("exploitation"),
            labour_macro_f1: self.macro_f1("labour"),
            means_macro_f1: self.macro_f1("means"),
            urgent_f1: self.urgent.f1(),
            pii_recall: ratio(self.pii_found, self.pii_gold),
            pii_precision: ratio(self.pii_right, self.pii_predicted),
            places_recall: ratio(self.places_found, self.places_gold),
            places_country: ratio(self.places_country, self.places_found),
            places_precision: ratio(self.places_right, self.places_predicted),
        }
    }
}

/// The figures of `engine` on `texts`, per language (`en`, `es`, `fr`, `other`), read with no
/// language hint.
pub fn evaluate(
    engine: &Engine,
    texts: &[Labelled],
) -> Result<BTreeMap<String, Figures>, TriageError> {
    let triages = texts
        .iter()
        .map(|t| {
            let got = engine.triage(&Input {
                text: &t.text,
                ..Input::default()
            })?;
            Ok((t.clone(), got))
        })
        .collect::<Result<Vec<_>, TriageError>>()?;
    Ok(figures_of(&triages))
}

/// The figures of texts already triaged, per language.
pub fn figures_of(triages: &[(Labelled, Triage)]) -> BTreeMap<String, Figures> {
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for (t, got) in triages {
        tallies.entry(t.lang.clone()).or_default().add(t, got);
    }
    tallies.into_iter().map(|(l, t)| (l, t.figures())).collect()
}

/// Cross-validation's folds of `texts`: for each, a model trained without a fifth of the
/// stories, and the texts of that fifth it is to read. A story's translations share the number
/// their ids end with (`es-t-023`) and stay in one fold, or a model would be measured on a
/// story it learned in another language.
pub fn folds(texts: &[Labelled]) -> Result<Vec<(Engine, Vec<&Labelled>)>, TriageError> {
    const FOLDS: usize = 5;
    let story = |t: &Labelled| {
        t.id.rsplit('-')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
    };
    (0..FOLDS)
        .map(|fold| {
            let (test, train): (Vec<&Labelled>, Vec<&Labelled>) =
                texts.iter().partition(|t| story(t) % FOLDS == fold);
            let examples = train
                .iter()
                .map(|t| Engine::example(&t.text, t.language(), t.labels(), 1.0))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((Engine::with_model(Engine::retrained(&examples, &[]))?, test))
        })
        .collect()
}

/// The labelled texts the shipped model was trained on.
pub fn shipped_training() -> Result<Vec<Labelled>, LabelledError> {
    read(include_str!("../data/labelled/train.jsonl"))
}

/// The held-out texts: measured on, never tuned on.
pub fn held_out() -> Result<Vec<Labelled>, LabelledError> {
    read(include_str!("../data/labelled/held-out.jsonl"))
}
