//! Validation errors of single values and of whole input rows, as translatable messages.
//!
//! The domain says what is wrong as a [`Message`]: a key of the translation files and its
//! arguments, never English text. Each edge says it in its reader's language (`faro-i18n`'s
//! `Lang::message`): the API in the request's, the CLI in `--lang`'s, an errors CSV in the
//! importer's. The key doubles as a stable code for machines (the errors CSV's `reason_code`).

use std::fmt;

/// A sentence for a person: a message of the translation files and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// One of [`problem::ALL`] (or another crate's key for its own messages).
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// The same message with one more argument.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Message {
        self.args.push((name, value.to_string()));
        self
    }

    /// An argument's value, for tests and callers that branch on one.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The key and its arguments: for logs and tests, never for a person (they read
/// `Lang::message`).
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key)?;
        for (i, (name, value)) in self.args.iter().enumerate() {
            let sep = if i == 0 { " (" } else { ", " };
            write!(f, "{sep}{name}: {value}")?;
        }
        if !self.args.is_empty() {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// `a`, `b`, `c`: what a message lists (accepted values, column names), each in backticks.
pub fn quoted<T: fmt::Display>(items: impl Iterator<Item = T>) -> String {
    items
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Defines each key as a constant, so a misspelt key does not compile, and lists them all, so
/// that `faro-i18n`'s tests check every language has each one.
macro_rules! keys {
    ($($name:ident = $key:literal),* $(,)?) => {
        $(pub const $name: &str = $key;)*
        /// Every key above.
        pub const ALL: &[&str] = &[$($key),*];
    };
}

/// The domain's and the file readers' messages. Each says what is wrong with a value and
/// is read after it ("`xx` is not a gender code …"), so none names the value itself.
pub mod problem {
    keys! {
        EMPTY_FILTER = "problem-empty-filter",
        TOO_MANY_VALUES = "problem-too-many-values",
        NOT_A_CODE = "problem-not-a-code",
        NOT_A_SOURCE = "problem-not-a-source",
        NOT_A_YEAR_RANGE = "problem-not-a-year-range",
        GIVEN_TWICE = "problem-given-twice",
        NOT_A_DIMENSION = "problem-not-a-dimension",
        DIMENSION_TWICE = "problem-dimension-twice",
        TOO_MANY_DIMENSIONS = "problem-too-many-dimensions",
        WITHDRAWN_COUNTRY = "problem-withdrawn-country",
        NOT_ALPHA2 = "problem-not-alpha2",
        NOT_ALPHA3 = "problem-not-alpha3",
        YEAR_OUT_OF_RANGE = "problem-year-out-of-range",
        NOT_A_YEAR = "problem-not-a-year",
        NOT_A_FLAG = "problem-not-a-flag",
        NOT_A_TERM = "problem-not-a-term",
        NOT_A_RECRUITER = "problem-not-a-recruiter",
        MAJORITY_CONTRADICTS_AGE = "problem-majority-contradicts-age",
        MEANS_CONTRADICT = "problem-means-contradict",
        NOT_AN_EMAIL = "problem-not-an-email",
        PASSWORD_TOO_SHORT = "problem-password-too-short",
        PASSWORD_TOO_LONG = "problem-password-too-long",
        TOKEN_NAME = "problem-token-name",
        NOT_UTF8 = "problem-not-utf8",
        CELL_COUNT = "problem-cell-count",
        JSON_INCOMPLETE = "problem-json-incomplete",
        JSON_NOT_OBJECT = "problem-json-not-object",
        JSON_INVALID = "problem-json-invalid",
        NOT_A_FIELD = "problem-not-a-field",
        JSON_VALUE_KIND = "problem-json-value-kind",
        LINE_TOO_LONG = "problem-line-too-long",
        PRIVACY_THRESHOLD = "problem-privacy-threshold",
        PRIVACY_EPSILON = "problem-privacy-epsilon",
        PRIVACY_LIMITS = "problem-privacy-limits",
        CASE_STEP = "problem-case-step",
        CASE_SELF_APPROVAL = "problem-case-self-approval",
        CASE_TEXT = "problem-case-text",
        CASE_NAMES = "problem-case-names",
        CASE_AGES = "problem-case-ages",
        CASE_DETAILS = "problem-case-details",
        NOT_A_DATE = "problem-not-a-date",
        NOT_ONE_OF = "problem-not-one-of",
        CASE_PLAN_EMPTY = "problem-case-plan-empty",
        NOT_A_LANGUAGE = "problem-not-a-language",
        NOT_A_LATITUDE = "problem-not-a-latitude",
        NOT_A_LONGITUDE = "problem-not-a-longitude",
        HALF_A_POINT = "problem-half-a-point",
        HSDS_REQUIRED = "problem-hsds-required",
        HSDS_TYPE = "problem-hsds-type",
        HSDS_FORMAT = "problem-hsds-format",
        HSDS_RULE = "problem-hsds-rule",
        HSDS_LINK = "problem-hsds-link",
        HSDS_DUPLICATE = "problem-hsds-duplicate",
        HSDS_NO_ORGANIZATION = "problem-hsds-no-organization",
        HSDS_TAKEN = "problem-hsds-taken",
        HSDS_TOO_BIG = "problem-hsds-too-big",
        REQUIRED = "problem-required",
        NAME_REQUIRED = "problem-name-required",
        NOT_A_WEB_ADDRESS = "problem-not-a-web-address",
        NOT_A_PHONE = "problem-not-a-phone",
        NOT_A_COUNT = "problem-not-a-count",
        TOO_MANY_LANGUAGES = "problem-too-many-languages",
        AGES_REVERSED = "problem-ages-reversed",
    }
}

/// The store's refusals of a request, said to the person who made it.
pub mod refusal {
    keys! {
        ORGANISATION_EXISTS = "store-organisation-exists",
        EMAIL_TAKEN = "store-email-taken",
        NOTE_LENGTH = "store-note-length",
        NOT_A_DUPLICATE = "store-not-a-duplicate",
        NOT_AN_ASSIGNEE = "store-not-an-assignee",
        REPORT_STILL_OPEN = "store-report-still-open",
        REPORT_NO_CONTACT = "store-report-no-contact",
        REPORT_FINISHED = "store-report-finished",
        REPORT_IN_REVIEW = "store-report-in-review",
        SETTINGS_LIMITS = "store-settings-limits",
        TWO_FACTOR_ON = "store-two-factor-on",
        TWO_FACTOR_NOT_STARTED = "store-two-factor-not-started",
        TWO_FACTOR_WRONG_CODE = "store-two-factor-wrong-code",
        FORBIDDEN = "store-forbidden",
        BUDGET = "store-budget",
        NOT_FOUND = "store-not-found",
        UNKNOWN_NAME = "store-unknown-name",
        TOO_MANY_JOBS = "store-too-many-jobs",
        RELEASE_WITHDRAWN = "store-release-withdrawn",
        CASE_CHANGED = "store-case-changed",
        CASE_CLOSED = "store-case-closed",
        NOT_CASE_STAFF = "store-not-case-staff",
        NOT_A_TEAM = "store-not-a-team",
        NOT_A_SUPERVISOR = "store-not-a-supervisor",
        NOTHING_PENDING = "store-nothing-pending",
        ALREADY_PENDING = "store-already-pending",
        TEAM_EXISTS = "store-team-exists",
        CONSENT_NOT_SIGNED = "store-consent-not-signed",
        SCAN_KEPT = "store-scan-kept",
        REFERRAL_NO_CONSENT = "store-referral-no-consent",
        REFERRAL_KIND_NOT_COVERED = "store-referral-kind-not-covered",
        REFERRAL_IDENTITY = "store-referral-identity",
        REFERRAL_STEP = "store-referral-step",
        REFERRAL_RECEIVER = "store-referral-receiver",
        REFERRAL_OVERRIDE_NOTE = "store-referral-override-note",
        REFERRAL_NO_PARTNER = "store-referral-no-partner",
        CARD_PREFIX = "store-card-prefix",
        CARD_DAMAGED = "store-card-damaged",
        CARD_NOT_A_KEY = "store-card-not-a-key",
        CARD_OWN = "store-card-own",
        CARD_KNOWN = "store-card-known",
        PACKAGE_MALFORMED = "store-package-malformed",
        PACKAGE_TOO_LARGE = "store-package-too-large",
        PACKAGE_VERSION = "store-package-version",
        PACKAGE_NOT_FOR_US = "store-package-not-for-us",
        PACKAGE_UNKNOWN_SENDER = "store-package-unknown-sender",
        PACKAGE_ALTERED = "store-package-altered",
        PACKAGE_FORGED = "store-package-forged",
        PACKAGE_EXPIRED = "store-package-expired",
        PACKAGE_EARLY = "store-package-early",
        PACKAGE_REPLAYED = "store-package-replayed",
        PACKAGE_DECIDED = "store-package-decided",
        UPDATE_DECIDED = "store-update-decided",
    }
}

/// A value that is not valid for its field: what is wrong and, where it helps, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}`: {}{message}", value.as_ref().map(|v| format!("`{v}` ")).unwrap_or_default())]
pub struct ValidationError {
    /// The field (column, parameter or dimension id) that holds the bad value.
    pub field: String,
    /// The bad value (or the bad item of a list), when showing it helps.
    pub value: Option<String>,
    /// What is wrong with it, for the person who has to fix the input.
    pub message: Message,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, message: Message) -> Self {
        ValidationError {
            field: field.into(),
            value: None,
            message,
        }
    }

    /// The same problem, naming the bad value.
    pub fn of(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }
}

/// One bad cell of an input row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The column as the file spells it (or empty when the problem is the whole row).
    pub column: String,
    /// The raw value, as found.
    pub value: String,
    pub reason: Message,
}

/// A rejected input row: every problem found in it, not only the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The physical line of the file where the record starts (1-based; the header is line 1).
    pub line: u64,
    pub errors: Vec<FieldError>,
}

/// For logs and tests; a person reads a row error through `Lang::message`.
impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            if !e.column.is_empty() {
                write!(f, "column `{}`: ", e.column)?;
            }
            write!(f, "{}", e.reason)?;
        }
        Ok(())
    }
}
