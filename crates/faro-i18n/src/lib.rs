//! Every word a person reads, from one Fluent file per language (`locales/<code>.ftl`).
//!
//! A language is a file: the files are embedded at build time and the language list is read
//! from them, so adding `de.ftl` adds German without a line of Rust. English (`en.ftl`) is the
//! reference: every other file must hold exactly its messages (a test checks it from the
//! files), and a message missing at run time falls back to English rather than to nothing.
//!
//! Keys: page words by name (`sign_in`), vocabulary terms as `<vocabulary id>-<code>`
//! (`gender-female`, from [`Vocabulary::ID`] and [`Vocabulary::code`]), countries as
//! `country-<alpha-2>`. CTDC's own spellings never come from here: they belong to the data.

use std::borrow::Cow;
use std::sync::LazyLock;

use faro_domain::query::{DimValue, Dimension};
use faro_domain::vocab::Vocabulary;
use faro_domain::{Country, FieldError, Message, RowError, ValidationError};
use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;
use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

include!(concat!(env!("OUT_DIR"), "/key.rs"));

/// Arguments of a message with placeables (`{ $name }`).
pub use fluent_bundle::FluentArgs;
use unic_langid::LanguageIdentifier;

#[derive(rust_embed::Embed)]
#[folder = "locales/"]
#[include = "*.ftl"]
struct Files;

/// The language every other is checked against and falls back to.
const REFERENCE: &str = "en";

/// One language: its code and its messages.
struct Locale {
    code: &'static str,
    id: LanguageIdentifier,
    bundle: FluentBundle<FluentResource>,
}

/// The embedded languages, the reference first, then by code; parsed once on first use.
static LOCALES: LazyLock<Vec<Locale>> = LazyLock::new(|| {
    let mut locales: Vec<Locale> = Files::iter()
        .filter_map(|name| {
            let code: &'static str = name.strip_suffix(".ftl")?.to_string().leak();
            let id: LanguageIdentifier = code.parse().ok()?;
            let file = Files::get(&name)?;
            let text = String::from_utf8_lossy(&file.data).into_owned();
            // A file with a syntax error still yields its good messages; the
            // `every_file_parses` test keeps errors out of the repository.
            let resource = FluentResource::try_new(text).unwrap_or_else(|(partial, _)| partial);
            let mut bundle = FluentBundle::new_concurrent(vec![id.clone()]);
            // Isolation marks around placeables would show up in plain-text contexts (titles,
            // CSV); the pages set `dir` themselves.
            bundle.set_use_isolating(false);
            // Counts read in the language's way ("12 345" in French); an id or a year is given
            // as text by its caller, so it is never grouped.
            bundle.set_formatter(Some(grouped));
            bundle.add_resource(resource).ok()?;
            Some(Locale { code, id, bundle })
        })
        .collect();
    locales.sort_by_key(|l| (l.code != REFERENCE, l.code));
    locales
});

/// Each language's collator, in the order of [`LOCALES`]; `None` where CLDR has none (byte
/// order then). Built once, on first use.
static COLLATORS: LazyLock<Vec<Option<CollatorBorrowed<'static>>>> = LazyLock::new(|| {
    LOCALES
        .iter()
        .map(|l| {
            let locale = icu_locale_core::Locale::try_from_str(l.code).ok()?;
            Collator::try_new(locale.into(), CollatorOptions::default()).ok()
        })
        .collect()
});

/// A language of the user interface: an index into the embedded files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(u8);

impl Default for Lang {
    fn default() -> Self {
        Lang::REFERENCE
    }
}

impl Lang {
    /// English, the reference and fallback.
    pub const REFERENCE: Lang = Lang(0);

    /// Every language, the reference first.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LOCALES.len()).map(|i| Lang(i as u8))
    }

    /// A language by its code (`fr`, or a regional tag such as `fr-HT`, which gets French).
    pub fn from_code(code: &str) -> Option<Lang> {
        let asked: LanguageIdentifier = code.trim().parse().ok()?;
        Lang::all().find(|l| l.locale().id.language == asked.language)
    }

    /// The best language for an `Accept-Language` header, honouring its q-values; the
    /// reference when nothing matches.
    pub fn negotiate(accept_language: Option<&str>) -> Lang {
        let requested: Vec<LanguageIdentifier> = accept_language
            .map(accept_language::parse)
            .unwrap_or_default()
            .iter()
            .filter_map(|tag| tag.parse().ok())
            .collect();
        let available: Vec<LanguageIdentifier> = LOCALES.iter().map(|l| l.id.clone()).collect();
        let default = LanguageIdentifier::from_bytes(REFERENCE.as_bytes()).ok();
        fluent_langneg::negotiate_languages(
            &requested,
            &available,
            default.as_ref(),
            fluent_langneg::NegotiationStrategy::Lookup,
        )
        .first()
        .and_then(|chosen| Lang::all().find(|l| &l.locale().id == *chosen))
        .unwrap_or(Lang::REFERENCE)
    }

    fn locale(self) -> &'static Locale {
        &LOCALES[usize::from(self.0).min(LOCALES.len() - 1)]
    }

    /// The BCP 47 code (`lang` attributes, `Content-Language`, `?lang=`).
    pub fn code(self) -> &'static str {
        self.locale().code
    }

    /// The language's name in itself, for the language menu.
    pub fn name(self) -> Cow<'static, str> {
        self.w("language_name")
    }

    /// The message `key`; English when this language lacks it, the key itself when English
    /// does too (which the tests keep from happening).
    pub fn w(self, key: &str) -> Cow<'static, str> {
        self.format(key, None)
    }

    /// The message `key` with its placeables filled from `args`.
    pub fn format(self, key: &str, args: Option<&FluentArgs>) -> Cow<'static, str> {
        [self, Lang::REFERENCE]
            .into_iter()
            .find_map(|lang| {
                let bundle = &lang.locale().bundle;
                let pattern = bundle.get_message(key)?.value()?;
                let mut errors = Vec::new();
                Some(bundle.format_pattern(pattern, args, &mut errors))
            })
            .unwrap_or_else(|| Cow::Owned(key.to_string()))
    }

    /// A vocabulary term's label.
    pub fn label<V: Vocabulary>(self, term: V) -> Cow<'static, str> {
        self.w(&term_key(term))
    }

    /// A country's name.
    pub fn country(self, country: Country) -> Cow<'static, str> {
        self.w(&country_key(country))
    }

    /// A dimension's name (`dimension-<id>`).
    pub fn dimension(self, dim: Dimension) -> Cow<'static, str> {
        self.w(&format!("dimension-{}", dim.id()))
    }

    /// A value of a dimension as a person reads it: a term's label, a country's name, a
    /// year, a source's number, or the word for unknown.
    pub fn value(self, dim: Dimension, value: &DimValue) -> Cow<'static, str> {
        match value {
            DimValue::Unknown => self.w("value-unknown"),
            DimValue::Year(y) => Cow::Owned(y.to_string()),
            DimValue::Code(code) => self.w(&format!("{}-{code}", dim.id())),
            DimValue::Country(c) => self.country(*c),
            DimValue::Source(id) => Cow::Owned(format!("#{id}")),
        }
    }

    /// A message of the domain or another crate (a key and its arguments) in this language.
    pub fn message(self, message: &Message) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &message.args {
            args.set(*name, value.as_str());
        }
        self.format(message.key, Some(&args)).into_owned()
    }

    /// A problem with a value, the value first ("`xx` is not a gender code …"): every
    /// language's problem messages are written to follow the value they are about.
    pub fn problem(self, value: Option<&str>, message: &Message) -> String {
        match value {
            Some(value) => format!("`{value}` {}", self.message(message)),
            None => self.message(message),
        }
    }

    /// A validation error without its field (the caller names the field its own way: a
    /// flag, a parameter, a form's label).
    pub fn invalid(self, e: &ValidationError) -> String {
        self.problem(e.value.as_deref(), &e.message)
    }

    /// A rejected input row: its line, then each problem with its column and value.
    pub fn row(self, row: &RowError) -> String {
        let line = Message::new(key!("row-line")).with("line", row.line);
        format!("{}: {}", self.message(&line), self.problems(&row.errors))
    }

    /// Each problem of an input with its column (or field) and value, in one line.
    pub fn problems(self, errors: &[FieldError]) -> String {
        let problems: Vec<String> = errors
            .iter()
            .map(|e| {
                let value = (!e.value.is_empty()).then_some(e.value.as_str());
                let reason = self.problem(value, &e.reason);
                if e.column.is_empty() {
                    reason
                } else {
                    let column = Message::new(key!("row-column")).with("column", &e.column);
                    format!("{}: {reason}", self.message(&column))
                }
            })
            .collect();
        problems.join("; ")
    }

    /// Compares two texts as this language sorts them (Spanish "Antártida" before "Antigua",
    /// French "États-Unis" among the E's), for lists that people scan.
    pub fn compare(self, a: &str, b: &str) -> std::cmp::Ordering {
        match COLLATORS.get(usize::from(self.0)).and_then(Option::as_ref) {
            Some(collator) => collator.compare(a, b),
            None => a.cmp(b),
        }
    }

    /// How this language groups the digits of a count.
    pub fn grouping(self) -> Grouping {
        let separator = self.w("digit-group").chars().next().unwrap_or(',');
        let min_groups = self.w("digit-group-min").trim().parse().unwrap_or(1);
        Grouping {
            separator,
            min_groups,
        }
    }

    /// A count as this language writes it (taken by reference too, as templates hold them).
    pub fn count(self, n: impl std::borrow::Borrow<u64>) -> String {
        self.grouping().format(*n.borrow())
    }
}

/// A language's digit grouping: the separator between thousands, and how many groups of
/// three a number needs above its leading digits before it is grouped at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grouping {
    separator: char,
    min_groups: usize,
}

impl Grouping {
    pub fn format(self, n: u64) -> String {
        let digits = n.to_string();
        if digits.len() < 3 + self.min_groups {
            return digits;
        }
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(self.separator);
            }
            out.push(d);
        }
        out
    }
}

impl intl_memoizer::Memoizable for Grouping {
    type Args = ();
    type Error = ();

    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Grouping, ()> {
        Lang::from_code(lang.language.as_str())
            .map(Lang::grouping)
            .ok_or(())
    }
}

/// Fluent's formatter for numbers: a whole number in the bundle's language's grouping; any
/// other number as Fluent writes it.
fn grouped(
    value: &fluent_bundle::FluentValue,
    intls: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    let fluent_bundle::FluentValue::Number(number) = value else {
        return None;
    };
    let whole = number.value.fract() == 0.0 && number.value.abs() < 1e15;
    if !whole || !number.options.use_grouping || number.options.minimum_fraction_digits.is_some() {
        return None;
    }
    let sign = if number.value < 0.0 { "-" } else { "" };
    let magnitude = number.value.abs() as u64;
    intls
        .with_try_get::<Grouping, _, _>((), |g| format!("{sign}{}", g.format(magnitude)))
        .ok()
}

fn term_key<V: Vocabulary>(term: V) -> String {
    format!("{}-{}", V::ID, term.code())
}

fn country_key(country: Country) -> String {
    format!("country-{}", country.alpha2())
}

/// Whether every embedded language has `key` (for callers that check their own keys in tests).
pub fn has_everywhere(key: &str) -> bool {
    LOCALES.iter().all(|l| l.bundle.has_message(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_domain::Role;
    use faro_domain::case::{
        CaseStatus, ClosureReason, ConsentMeans, ConsentPurpose, ConsentState, PartnerKind,
        PlanKind, ServiceKind, ServiceStatus,
    };
    use faro_domain::referral::{
        OverrideReason, ReferralAction, ReferralKind, ReferralStatus, RejectReason, SharedPart,
        Urgency,
    };
    use faro_domain::report::{AgeGroup, Channel, ContactWay, ReportStatus, Sign, When};
    use faro_domain::vocab::*;

    fn ids(text: &str) -> Vec<String> {
        let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
        let mut ids: Vec<String> = resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect();
        ids.sort();
        ids
    }

    fn file(code: &str) -> String {
        let f = Files::get(&format!("{code}.ftl")).expect("embedded");
        String::from_utf8(f.data.into_owned()).expect("UTF-8")
    }

    /// French puts a no-break space before `:` and a narrow one before `;`, `?`, `!` and inside
    /// « »: an ordinary space there lets a line break before the sign.
    #[test]
    fn french_spaces_before_its_double_signs_never_break() {
        let text = file("fr");
        let wrong: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter(|l| {
                [" :", " ;", " ?", " !", "« ", " »"]
                    .iter()
                    .any(|bad| l.contains(bad))
            })
            .collect();
        assert!(wrong.is_empty(), "ordinary spaces in: {wrong:#?}");
        assert!(text.contains('\u{a0}') && text.contains('\u{202f}'));
    }

    /// The domain's and the file readers' problems are said in every language, with every
    /// argument they are given filled in (a placeable missing its argument shows `{$name}`).
    #[test]
    fn every_problem_is_said_in_every_language() {
        let missing: Vec<_> = faro_domain::problem::ALL
            .iter()
            .chain(faro_domain::refusal::ALL)
            .filter(|k| !has_everywhere(k))
            .collect();
        assert!(missing.is_empty(), "no words for {missing:?}");
        let gender = faro_domain::Selection::parse(faro_domain::Dimension::Gender, "xx")
            .expect_err("not a gender code");
        let said: Vec<String> = Lang::all().map(|l| l.invalid(&gender)).collect();
        assert_eq!(
            said,
            [
                "`xx` is not a `gender` code (expected one of `female`, `male`, `transgender`, or `unknown`)",
                "`xx` no es un código de `gender` (se espera uno de `female`, `male`, `transgender`, o `unknown`)",
                "`xx` n’est pas un code de `gender` (attendu\u{a0}: l’un de `female`, `male`, `transgender`, ou `unknown`)",
            ]
        );
        let zaire = faro_domain::Country::parse("ZR", false).expect_err("withdrawn");
        let antilles = faro_domain::Country::parse("AN", false).expect_err("withdrawn");
        assert_eq!(
            Lang::REFERENCE.message(&zaire),
            "is a withdrawn country code (Zaire, withdrawn in 1997, now `CD`)"
        );
        assert_eq!(
            Lang::REFERENCE.message(&antilles),
            "is a withdrawn country code (Netherlands Antilles, withdrawn in 2010)"
        );
        for lang in Lang::all() {
            for text in [lang.message(&zaire), lang.invalid(&gender)] {
                assert!(!text.contains('{') && !text.contains("problem-"), "{text}");
            }
        }
    }

    #[test]
    fn countries_sort_as_each_language_sorts() {
        let sorted = |code: &str| {
            let lang = Lang::from_code(code).unwrap();
            let mut names: Vec<String> = Country::all()
                .map(|c| lang.country(c).into_owned())
                .collect();
            names.sort_by(|a, b| lang.compare(a, b));
            names
        };
        let at = |names: &[String], name: &str| {
            names
                .iter()
                .position(|n| n == name)
                .unwrap_or_else(|| panic!("{name} in {names:?}"))
        };
        let es = sorted("es");
        assert!(at(&es, "Antártida") < at(&es, "Antigua y Barbuda"));
        assert!(at(&es, "Bélgica") < at(&es, "Belice"));
        let fr = sorted("fr");
        assert!(at(&fr, "Espagne") < at(&fr, "États-Unis"));
        assert!(at(&fr, "États-Unis") < at(&fr, "Fidji"));
        let en = sorted("en");
        assert!(at(&en, "Åland Islands") < at(&en, "Albania"));
    }

    /// `key!` accepts exactly the reference file's messages (build.rs reads them with a
    /// simpler parser than Fluent's; both must agree) and refuses anything else at compile time.
    #[test]
    fn the_key_macro_knows_every_reference_message_and_nothing_else() {
        let generated = include_str!(concat!(env!("OUT_DIR"), "/key.rs"));
        let arms: Vec<&str> = generated
            .lines()
            .filter_map(|l| l.trim().strip_prefix("(\""))
            .filter_map(|l| l.split('"').next())
            .collect();
        let mut sorted: Vec<String> = arms.iter().map(|a| a.to_string()).collect();
        sorted.sort();
        assert_eq!(sorted, ids(&file(REFERENCE)));
        assert!(generated.contains("compile_error!"));
        assert_eq!(key!("sign_in"), "sign_in");
    }

    #[test]
    fn every_file_parses_without_errors() {
        for lang in Lang::all() {
            let text = file(lang.code());
            if let Err((_, errors)) = FluentResource::try_new(text) {
                panic!("{}.ftl: {errors:?}", lang.code());
            }
        }
    }

    #[test]
    fn every_language_has_exactly_the_reference_messages() {
        let reference = ids(&file(REFERENCE));
        assert!(reference.len() > 400, "{}", reference.len());
        assert!(Lang::all().count() >= 3);
        for lang in Lang::all() {
            let theirs = ids(&file(lang.code()));
            let missing: Vec<_> = reference.iter().filter(|k| !theirs.contains(k)).collect();
            let extra: Vec<_> = theirs.iter().filter(|k| !reference.contains(k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}.ftl: missing {missing:?}, not in {REFERENCE}.ftl {extra:?}",
                lang.code()
            );
            let mut unique = theirs.clone();
            unique.dedup();
            assert_eq!(
                unique.len(),
                theirs.len(),
                "{}.ftl repeats a key",
                lang.code()
            );
        }
    }

    fn every_term<V: Vocabulary>() -> usize {
        for term in V::ALL {
            let key = term_key(*term);
            assert!(has_everywhere(&key), "no label for `{key}`");
        }
        V::ALL.len()
    }

    #[test]
    fn every_vocabulary_term_and_country_has_a_label() {
        let terms = every_term::<Gender>()
            + every_term::<AgeBroad>()
            + every_term::<Majority>()
            + every_term::<DataSource>()
            + every_term::<TraffickMonths>()
            + every_term::<Exploitation>()
            + every_term::<Labour>()
            + every_term::<SexType>()
            + every_term::<MeansDetail>()
            + every_term::<Means>()
            + every_term::<Recruiter>()
            + every_term::<Modality>()
            + every_term::<Role>()
            + every_term::<Channel>()
            + every_term::<ReportStatus>()
            + every_term::<When>()
            + every_term::<AgeGroup>()
            + every_term::<ContactWay>()
            + every_term::<Sign>();
        assert_eq!(terms, 122);
        let cases = every_term::<CaseStatus>()
            + every_term::<ServiceKind>()
            + every_term::<ServiceStatus>()
            + every_term::<ClosureReason>()
            + every_term::<ConsentPurpose>()
            + every_term::<ConsentState>()
            + every_term::<ConsentMeans>()
            + every_term::<PartnerKind>()
            + every_term::<PlanKind>();
        let referrals = every_term::<ReferralKind>()
            + every_term::<ReferralStatus>()
            + every_term::<Urgency>()
            + every_term::<SharedPart>()
            + every_term::<OverrideReason>()
            + every_term::<RejectReason>()
            + every_term::<ReferralAction>()
            + every_term::<faro_domain::directory::Audience>();
        assert_eq!((cases, referrals), (45, 39));
        for c in Country::all() {
            assert!(has_everywhere(&country_key(c)), "{}", c.alpha2());
        }
        // Current names, from CLDR (scripts/cldr-countries.py), in each language.
        let named = |code: &str, lang: &str| {
            let country = Country::from_alpha2(code).expect("a country");
            Lang::from_code(lang)
                .expect("shipped")
                .country(country)
                .into_owned()
        };
        assert_eq!(named("SZ", "en"), "Eswatini");
        assert_eq!(named("SZ", "es"), "Esuatini");
        assert_eq!(named("AX", "fr"), "Îles Åland");
        assert_eq!(named("TR", "en"), "Türkiye");
        assert_eq!(named("HK", "fr"), "Hong Kong");
        let fr = Lang::from_code("fr").expect("French ships");
        assert_eq!(fr.label(Gender::Female), "Femme");
        assert_eq!(
            Country::from_alpha2("HT").map(|c| fr.country(c)),
            Some("Haïti".into())
        );
    }

    #[test]
    fn every_dimension_and_its_values_have_words() {
        for dim in Dimension::ALL {
            assert!(
                has_everywhere(&format!("dimension-{}", dim.id())),
                "{dim:?}"
            );
        }
        let es = Lang::from_code("es").expect("Spanish ships");
        assert_eq!(
            es.value(Dimension::Gender, &DimValue::Code("female")),
            "Mujer"
        );
        assert_eq!(es.value(Dimension::Year, &DimValue::Year(2019)), "2019");
        assert_ne!(
            es.value(Dimension::Age, &DimValue::Unknown),
            "value-unknown"
        );
        let said: Vec<String> = [1234, 12345, 1234567]
            .into_iter()
            .flat_map(|n| Lang::all().map(move |l| l.count(n)))
            .collect();
        assert_eq!(
            said,
            [
                "1,234",
                "1234",
                "1\u{202f}234",
                "12,345",
                "12.345",
                "12\u{202f}345",
                "1,234,567",
                "1.234.567",
                "1\u{202f}234\u{202f}567",
            ]
        );
        // Counts given to a message are grouped the same way; text (an id, a year) is not.
        let mut args = FluentArgs::new();
        args.set("count", 12345);
        assert!(Lang::all().all(|l| {
            l.format("inbox-bulk_changed", Some(&args))
                .contains(&l.count(12345))
        }));
        args.set("count", 1);
        assert_eq!(
            Lang::REFERENCE.format("inbox-bulk_changed", Some(&args)),
            "One report changed."
        );
    }

    #[test]
    fn negotiation_follows_q_values_and_regional_tags() {
        let code = |h: Option<&str>| Lang::negotiate(h).code();
        assert_eq!(code(None), "en");
        assert_eq!(code(Some("")), "en");
        assert_eq!(code(Some("de-DE,de;q=0.9")), "en");
        assert_eq!(code(Some("fr-HT,fr;q=0.9,en;q=0.5")), "fr");
        // Order in the header is not preference: the q-values are.
        assert_eq!(code(Some("en;q=0.2, es-MX;q=0.8, fr;q=0.5")), "es");
        assert_eq!(code(Some("de, fr;q=0.1")), "fr");
        assert_eq!(code(Some("\u{0};;;,,q=x")), "en");
        assert_eq!(Lang::from_code("FR").map(Lang::code), Some("fr"));
        assert_eq!(Lang::from_code("es-419").map(Lang::code), Some("es"));
        assert_eq!(Lang::from_code("xx"), None);
        assert_eq!(Lang::from_code("<script>"), None);
    }

    #[test]
    fn a_missing_message_falls_back_to_english_then_to_its_key() {
        let es = Lang::from_code("es").expect("Spanish ships");
        assert_eq!(es.w("sign_in"), "Iniciar sesión");
        assert_eq!(es.name(), "Español");
        assert_eq!(es.w("no-such-key"), "no-such-key");
    }
}
