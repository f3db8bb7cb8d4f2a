//! The engine: a text in, its triage out. The readers (lexicons, recognisers, given names) are
//! shipped and shared; the model is the shipped one or an organisation's retrained one.

use crate::lexicon::{Hit, Language, Lexicon};
use crate::model::{self, Example, Model};
use crate::names::GivenNames;
use crate::pii::{Found, Kind, Recognisers};
use crate::places::{self, Place};
use crate::text::{self, Word};
use crate::{MAX_CHARS, TriageError, features, language, names};
use faro_domain::Country;
use serde::Serialize;
use std::sync::LazyLock;

/// A verdict's score at or above this is a yes.
const THRESHOLD: f64 = 0.5;
/// A code's score at or above this is suggested. Lower than an even chance, since a missed
/// code costs an operator more than one to untick; cross-validated on the training part
/// (`examples/figures.rs cv`) against 0.3, 0.4 and 0.5.
const CODE_THRESHOLD: f64 = 0.2;
/// The lexicon's signals that make a likely report urgent: a minor (named, or by age), or
/// something happening now.
const URGENT_SIGNALS: [&str; 3] = ["signal:minor", "signal:minor_age", "signal:now"];
/// The language detector reads this much of a text: enough to know, fast on a long paste.
const LANGUAGE_SAMPLE_CHARS: usize = 2_000;
/// How many of the model's strongest features are shown as the reason for a verdict.
const REASONS: usize = 6;

const SHIPPED_MODEL: &str = include_str!(concat!(env!("OUT_DIR"), "/model.txt"));

/// What the engine reads with, whatever the model.
struct Readers {
    lexicons: Vec<(Language, Lexicon)>,
    recognisers: Recognisers,
    given: GivenNames,
}

fn readers() -> Result<Readers, TriageError> {
    let shipped = |e: &dyn std::fmt::Display| TriageError::Shipped(e.to_string());
    let mut lexicons = Vec::new();
    for (lang, source) in [
        (Language::En, include_str!("../data/lexicons/en.toml")),
        (Language::Es, include_str!("../data/lexicons/es.toml")),
        (Language::Fr, include_str!("../data/lexicons/fr.toml")),
    ] {
        lexicons.push((lang, Lexicon::parse(source).map_err(|e| shipped(&e))?));
    }
    Ok(Readers {
        lexicons,
        recognisers: Recognisers::parse(include_str!("../data/pii.toml"))
            .map_err(|e| shipped(&e))?,
        given: GivenNames::parse(include_str!("../data/names/given.txt")),
    })
}

static READERS: LazyLock<Result<Readers, TriageError>> = LazyLock::new(readers);
static SHIPPED: LazyLock<Result<Engine, TriageError>> = LazyLock::new(|| {
    Model::read(SHIPPED_MODEL)
        .map_err(|e| TriageError::Shipped(e.to_string()))
        .and_then(Engine::with_model)
});

/// What is triaged: a text, and what its context says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Input<'a> {
    pub text: &'a str,
    /// The language the reporter chose, if any: it decides when the detector is unsure.
    pub language_hint: Option<Language>,
    /// The report's country: the first place an ambiguous place name is looked for.
    pub country: Option<Country>,
}

/// Where in the text something is, in characters (`end` exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
}

/// A code suggested, with its score and the words that support it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: String,
    pub score: f64,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub likely: bool,
    pub score: f64,
    /// The phrases that drove the score.
    pub evidence: Vec<Evidence>,
}

/// A text's triage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Triage {
    #[serde(serialize_with = "language_code")]
    pub language: Language,
    pub trafficking: Verdict,
    pub urgent: Verdict,
    pub exploitation: Vec<Finding>,
    pub labour: Vec<Finding>,
    pub means: Vec<Finding>,
    pub pii: Vec<Found>,
    #[serde(skip)]
    pub places: Vec<Place>,
}

fn language_code<S: serde::Serializer>(l: &Language, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(l.code())
}

/// A triage as `faro triage` writes it, one JSON line per text.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    pub id: &'a serde_json::Value,
    pub language: &'static str,
    pub trafficking: SummaryVerdict,
    pub exploitation: Vec<&'a str>,
    pub labour: Vec<&'a str>,
    pub means: Vec<&'a str>,
    pub pii: Vec<SummaryPii>,
    pub places: Vec<SummaryPlace>,
    pub urgent: bool,
}

#[derive(Debug, Serialize)]
pub struct SummaryVerdict {
    pub likely: bool,
    pub score: f64,
}

#[derive(Debug, Serialize)]
pub struct SummaryPii {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct SummaryPlace {
    pub text: String,
    pub country: &'static str,
    pub lat: f64,
    pub lon: f64,
}

/// The characters `start..end` of `text`.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

impl Triage {
    pub fn summary<'a>(&'a self, id: &'a serde_json::Value, text: &str) -> Summary<'a> {
        let codes = |f: &'a [Finding]| f.iter().map(|f| f.code.as_str()).collect();
        Summary {
            id,
            language: self.language.code(),
            trafficking: SummaryVerdict {
                likely: self.trafficking.likely,
                score: self.trafficking.score,
            },
            exploitation: codes(&self.exploitation),
            labour: codes(&self.labour),
            means: codes(&self.means),
            pii: self
                .pii
                .iter()
                .map(|p| SummaryPii {
                    kind: p.kind,
                    start: p.start,
                    end: p.end,
                    text: slice(text, p.start, p.end),
                })
                .collect(),
            places: self
                .places
                .iter()
                .map(|p| SummaryPlace {
                    text: slice(text, p.start, p.end),
                    country: p.country.alpha2(),
                    lat: p.lat,
                    lon: p.lon,
                })
                .collect(),
            urgent: self.urgent.likely,
        }
    }

    /// `text` with every piece of personal data replaced by its kind in brackets
    /// (`[name]`), for readers who may see a report but not who is in it.
    pub fn redact(&self, text: &str) -> String {
        redact(text, &self.pii)
    }

    /// The personal data found, each as its kind and its value normalised
    /// ([`Kind::normalise`]), once each, in a stable order: what is kept of a report to link
    /// the people in it across sources.
    pub fn findings(&self, text: &str) -> Vec<(Kind, String)> {
        let mut found: Vec<(Kind, String)> = self
            .pii
            .iter()
            .map(|p| (p.kind, p.kind.normalise(&slice(text, p.start, p.end))))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        found.sort();
        found.dedup();
        found
    }
}

/// `text` with each of `pii` replaced by its kind in brackets (`[name]`).
pub fn redact(text: &str, pii: &[Found]) -> String {
    let mut pii: Vec<&Found> = pii.iter().collect();
    pii.sort_by_key(|p| p.start);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().enumerate().peekable();
    for p in pii {
        while let Some((_, c)) = chars.next_if(|(i, _)| *i < p.start) {
            out.push(c);
        }
        while chars.next_if(|(i, _)| *i < p.end).is_some() {}
        out.push('[');
        out.push_str(p.kind.code());
        out.push(']');
    }
    out.extend(chars.map(|(_, c)| c));
    out
}

/// An engine: the shipped readers with one model.
#[derive(Debug, Clone, PartialEq)]
pub struct Engine {
    model: Model,
    /// Each of `model::LABELS`' position in the model's labels.
    positions: Vec<Option<usize>>,
}

impl Engine {
    /// The engine with the model trained at build time.
    pub fn shipped() -> Result<&'static Engine, TriageError> {
        SHIPPED.as_ref().map_err(Clone::clone)
    }

    /// An engine with another model (an organisation's).
    pub fn with_model(model: Model) -> Result<Engine, TriageError> {
        READERS.as_ref().map_err(Clone::clone)?;
        let positions = model::LABELS
            .iter()
            .map(|l| model.labels.iter().position(|m| m == l))
            .collect();
        Ok(Engine { model, positions })
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// A model trained on the shipped examples and an organisation's own (its operators'
    /// accepted and corrected suggestions).
    pub fn retrained(shipped: &[Example], own: &[Example]) -> Model {
        let labels: Vec<String> = model::LABELS.iter().map(|l| l.to_string()).collect();
        let all: Vec<Example> = shipped.iter().chain(own).cloned().collect();
        Model::train(&labels, &all)
    }

    /// The features the model sees in a text, with its labels: a training example.
    pub fn example(
        text: &str,
        language: Language,
        labels: Vec<String>,
        weight: f64,
    ) -> Result<Example, TriageError> {
        let readers = READERS.as_ref().map_err(Clone::clone)?;
        let (words, lexicon, _, hits) = read(readers, text, language);
        Ok(Example {
            features: features::of(&words, &hits, lexicon, language),
            labels,
            weight,
            unknown: Vec::new(),
        })
    }

    /// The personal data in a text and nothing else (no model is asked): what masking a
    /// text for a reader who may not see identities needs, at a fraction of a triage's cost.
    pub fn personal_data(input: &Input) -> Result<Vec<Found>, TriageError> {
        let readers = READERS.as_ref().map_err(Clone::clone)?;
        within_limit(input.text)?;
        let (words, lexicon, mut pii, hits) = read(readers, input.text, detect(input));
        find_names(readers, (&words, &hits, lexicon), &mut pii);
        Ok(pii)
    }

    pub fn triage(&self, input: &Input) -> Result<Triage, TriageError> {
        let readers = READERS.as_ref().map_err(Clone::clone)?;
        let text = input.text;
        within_limit(text)?;
        let language = detect(input);
        let (words, lexicon, mut pii, hits) = read(readers, text, language);
        let features = features::of(&words, &hits, lexicon, language);
        let scores = self.model.scores(&features);
        let read = Reading {
            engine: self,
            words: &words,
            hits: &hits,
            lexicon,
            features: &features,
            scores: &scores,
        };
        let trafficking = read.verdict(model::TRAFFICKING);
        let (mut exploitation, labour, means, urgent) = if trafficking.likely {
            (
                read.findings("exploitation:"),
                read.findings("labour:"),
                read.findings("means:"),
                read.urgency(),
            )
        } else {
            let none = Verdict {
                likely: false,
                score: 0.0,
                evidence: Vec::new(),
            };
            (Vec::new(), Vec::new(), Vec::new(), none)
        };
        derive_exploitation(&mut exploitation, &labour);
        find_names(readers, (&words, &hits, lexicon), &mut pii);
        let places = places::find(&words, &hits, lexicon, &pii, input.country, &|w| {
            readers.given.contains(w)
        });
        Ok(Triage {
            language,
            trafficking,
            urgent,
            exploitation,
            labour,
            means,
            pii,
            places,
        })
    }
}

fn within_limit(text: &str) -> Result<(), TriageError> {
    let chars = text.chars().count();
    if chars > MAX_CHARS {
        return Err(TriageError::TooLong {
            chars,
            max: MAX_CHARS,
        });
    }
    Ok(())
}

/// The language of `input`'s text, read from its start.
fn detect(input: &Input) -> Language {
    let sample: String = input.text.chars().take(LANGUAGE_SAMPLE_CHARS).collect();
    language::detect(&sample, input.language_hint)
}

/// Adds the names among `words` to `pii` (the recognisers' findings, which names never
/// overlap) and puts them all in the text's order.
fn find_names(
    readers: &Readers,
    (words, hits, lexicon): (&[Word], &[Hit], Option<&Lexicon>),
    pii: &mut Vec<Found>,
) {
    let names_lexicon = lexicon.unwrap_or(&readers.lexicons[0].1);
    names::find(
        words,
        hits,
        names_lexicon,
        &readers.given,
        &places::is_place,
        pii,
    );
    pii.sort_by_key(|p| (p.start, p.end));
}

/// A text's words, its language's lexicon, the personal data the recognisers find in it, and
/// the lexicon's phrases outside that data: what training and reading both start from.
fn read<'r>(
    readers: &'r Readers,
    text: &str,
    language: Language,
) -> (Vec<Word>, Option<&'r Lexicon>, Vec<Found>, Vec<Hit>) {
    let words = text::words(text);
    let lexicon = lexicon_for(readers, language);
    let mut pii = Vec::new();
    readers.recognisers.find(text, &words, &mut pii);
    let hits = lexicon
        .map(|l| l.search_outside(&words, &pii))
        .unwrap_or_default();
    (words, lexicon, pii, hits)
}

fn lexicon_for(readers: &Readers, language: Language) -> Option<&Lexicon> {
    readers
        .lexicons
        .iter()
        .find(|(l, _)| *l == language)
        .map(|(_, lexicon)| lexicon)
}

/// What HTCDS derives rather than a model guesses: a sector is forced labour, and sexual
/// exploitation with forced labour of the same person is also `sex_and_labour`.
fn derive_exploitation(exploitation: &mut Vec<Finding>, labour: &[Finding]) {
    let has = |e: &[Finding], code: &str| e.iter().any(|f| f.code == code);
    if !labour.is_empty() && !has(exploitation, "forced_labour") {
        exploitation.push(Finding {
            code: "forced_labour".into(),
            score: labour.iter().map(|f| f.score).fold(0.0, f64::max),
            evidence: labour.iter().flat_map(|f| f.evidence.clone()).collect(),
        });
    }
    if has(exploitation, "forced_labour") && has(exploitation, "sexual_exploitation") {
        let score = exploitation
            .iter()
            .filter(|f| f.code == "forced_labour" || f.code == "sexual_exploitation")
            .map(|f| f.score)
            .fold(1.0, f64::min);
        exploitation.push(Finding {
            code: "sex_and_labour".into(),
            score,
            evidence: Vec::new(),
        });
    }
}

/// One text being read: what the verdict and findings are drawn from.
struct Reading<'r> {
    engine: &'r Engine,
    words: &'r [Word],
    hits: &'r [Hit],
    lexicon: Option<&'r Lexicon>,
    features: &'r [String],
    scores: &'r [f64],
}

impl Reading<'_> {
    fn position(&self, label: &str) -> Option<usize> {
        let i = model::LABELS.iter().position(|l| *l == label)?;
        self.engine.positions[i]
    }

    fn score(&self, label: &str) -> f64 {
        self.position(label).map_or(0.0, |p| self.scores[p])
    }

    /// Urgent: likely trafficking (asked only then) with a minor in it or something
    /// happening now. A rule rather than a regression: the labelled set is too small to learn
    /// urgency from words (cross-validated F1 0.3 against the rule's 0.4–0.5).
    fn urgency(&self) -> Verdict {
        let evidence: Vec<Evidence> = URGENT_SIGNALS
            .iter()
            .flat_map(|s| self.spans_of_feature(&format!("c:{s}")))
            .collect();
        Verdict {
            likely: !evidence.is_empty(),
            score: if evidence.is_empty() { 0.0 } else { 1.0 },
            evidence: merged(evidence),
        }
    }

    fn verdict(&self, label: &str) -> Verdict {
        let score = self.score(label);
        let likely = score >= THRESHOLD;
        let evidence = match (likely, self.position(label)) {
            (true, Some(p)) => {
                // The lexicons' phrases say why better than single words ("tiene"): shown
                // when they pushed the score, the words otherwise.
                let reasons = self.engine.model.reasons(p, self.features, REASONS);
                let cues: Vec<&str> = reasons
                    .iter()
                    .copied()
                    .filter(|f| f.starts_with("c:"))
                    .collect();
                let shown = if cues.is_empty() { reasons } else { cues };
                merged(
                    shown
                        .iter()
                        .flat_map(|f| self.spans_of_feature(f))
                        .collect(),
                )
            }
            _ => Vec::new(),
        };
        Verdict {
            likely,
            score,
            evidence,
        }
    }

    /// The codes of one section (`means:`) scored a yes, each with its evidence: a code is
    /// suggested only with words of the text that support it (its lexicon's phrases), however
    /// common it is among the examples.
    fn findings(&self, prefix: &str) -> Vec<Finding> {
        model::LABELS
            .iter()
            .filter_map(|label| {
                let code = label.strip_prefix(prefix)?;
                let score = self.score(label);
                let evidence = self.spans_of_feature(&format!("c:{label}"));
                if score < CODE_THRESHOLD || evidence.is_empty() {
                    return None;
                }
                Some(Finding {
                    code: code.to_string(),
                    score,
                    evidence: merged(evidence),
                })
            })
            .collect()
    }

    /// Where a feature is in the text: a word's places, a pair's, or a cue's phrases.
    fn spans_of_feature(&self, feature: &str) -> Vec<Evidence> {
        let span = |from: usize, to: usize| Evidence {
            start: self.words[from].start,
            end: self.words[to].end,
        };
        if let Some(word) = feature.strip_prefix("w:") {
            return (0..self.words.len())
                .filter(|&i| self.words[i].folded == word)
                .map(|i| span(i, i))
                .collect();
        }
        if let Some((a, b)) = feature.strip_prefix("b:").and_then(|p| p.split_once('_')) {
            return (1..self.words.len())
                .filter(|&i| self.words[i - 1].folded == a && self.words[i].folded == b)
                .map(|i| span(i - 1, i))
                .collect();
        }
        let (Some(key), Some(lexicon)) = (feature.strip_prefix("c:"), self.lexicon) else {
            return Vec::new();
        };
        self.hits
            .iter()
            .filter(|h| lexicon.cues[h.cue].key() == key)
            .map(|h| span(h.start, h.end - 1))
            .collect()
    }
}

/// Spans in order, overlapping ones joined.
fn merged(mut spans: Vec<Evidence>) -> Vec<Evidence> {
    spans.sort();
    let mut out: Vec<Evidence> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}
