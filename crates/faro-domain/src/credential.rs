//! What people type to get an account or a token, parsed once at the edge (form, API, CLI):
//! a value of these types is valid, so the store never checks the text again.

use crate::{Message, ValidationError, problem};

/// Passwords shorter than this are refused: a few words make a good one.
pub const PASSWORD_MIN_CHARS: usize = 12;
/// Longer ones are refused before hashing, so a huge body cannot cost a slow hash.
pub const PASSWORD_MAX_CHARS: usize = 256;
/// A token's name says what it is for.
pub const TOKEN_NAME_MAX_CHARS: usize = 100;

/// An e-mail address, trimmed and lower-cased: a person's sign-in name, unique on the
/// instance. Plausible in shape (one `@`, a dot in the domain, no spaces or control
/// characters, at most 254 bytes), not checked for deliverability.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Email, ValidationError> {
        let email = text.trim().to_lowercase();
        let ok = email.len() <= 254
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.contains('@')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if ok {
            Ok(Email(email))
        } else {
            Err(
                ValidationError::new("email", Message::new(problem::NOT_AN_EMAIL)).of(text
                    .trim()
                    .chars()
                    .take(100)
                    .collect::<String>()),
            )
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password that meets the rules. Never printed, not even by `Debug`.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub fn parse(text: String) -> Result<Password, ValidationError> {
        let chars = text.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            return Err(ValidationError::new(
                "password",
                Message::new(problem::PASSWORD_TOO_SHORT)
                    .with("chars", chars)
                    .with("min", PASSWORD_MIN_CHARS),
            ));
        }
        if chars > PASSWORD_MAX_CHARS {
            return Err(ValidationError::new(
                "password",
                Message::new(problem::PASSWORD_TOO_LONG).with("max", PASSWORD_MAX_CHARS),
            ));
        }
        Ok(Password(text))
    }

    /// The text, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// What an API token is for, as its owner named it: 1 to 100 characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);

impl TokenName {
    pub fn parse(text: &str) -> Result<TokenName, ValidationError> {
        short_name(text, "name", TOKEN_NAME_MAX_CHARS).map(TokenName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a staff member is shown to colleagues in conversations, notes and the audit page
/// (a pseudonym is fine): 1 to 60 characters, trimmed. Reporters never see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

pub const DISPLAY_NAME_MAX_CHARS: usize = 60;

impl DisplayName {
    pub fn parse(text: &str) -> Result<DisplayName, ValidationError> {
        short_name(text, "display_name", DISPLAY_NAME_MAX_CHARS).map(DisplayName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A name typed by a person: trimmed, not empty, at most `max` characters, none of them a
/// control character (which would break the audit page, CSV exports and terminals) or a
/// bidirectional override (which would make one colleague's name read as another's).
fn short_name(text: &str, field: &'static str, max: usize) -> Result<String, ValidationError> {
    let name = text.trim();
    let chars = name.chars().count();
    let hostile = |c: char| c.is_control() || reorders(c);
    if chars == 0 || chars > max || name.chars().any(hostile) {
        return Err(ValidationError::new(
            field,
            Message::new(problem::TOKEN_NAME).with("max", max),
        ));
    }
    Ok(name.to_string())
}

/// A bidirectional mark, embedding, override or isolate: text that reorders what follows it,
/// so that one name or one sentence can be made to read as another.
pub(crate) fn reorders(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_lower_cased_and_plausible() {
        assert_eq!(
            Email::parse("  Ana@Example.ORG ").map(|e| e.to_string()),
            Ok("ana@example.org".to_string())
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.org",
            "ana@example",
            "ana@.org",
            "ana@example.",
            "a na@example.org",
            "ana@ex@ample.org",
            "ana@example.org\u{0}",
        ] {
            let e = Email::parse(bad).expect_err(bad);
            assert_eq!(e.field, "email");
            assert_eq!(e.message.key, problem::NOT_AN_EMAIL, "{bad}: {e}");
        }
        assert!(Email::parse(&format!("{}@example.org", "a".repeat(250))).is_err());
    }

    #[test]
    fn a_password_has_12_to_256_characters_and_never_prints() {
        assert!(Password::parse("eleven chars".chars().take(11).collect()).is_err());
        let ok = Password::parse("a long pass phrase".into()).expect("valid");
        assert_eq!(ok.expose(), "a long pass phrase");
        assert_eq!(format!("{ok:?}"), "Password(***)");
        // Characters, not bytes: twelve accented letters are enough.
        assert!(Password::parse("é".repeat(12)).is_ok());
        assert!(Password::parse("x".repeat(257)).is_err());
    }

    #[test]
    fn a_token_name_is_trimmed_and_short() {
        assert_eq!(
            TokenName::parse("  laptop ").map(|n| n.as_str().to_string()),
            Ok("laptop".into())
        );
        for bad in ["", "   ", "a\u{7}b"] {
            assert!(TokenName::parse(bad).is_err(), "{bad:?}");
        }
        assert!(TokenName::parse(&"n".repeat(101)).is_err());
        assert!(TokenName::parse(&"ñ".repeat(100)).is_ok());
        assert_eq!(
            DisplayName::parse(" Ana M. ").map(|n| n.as_str().to_string()),
            Ok("Ana M.".into())
        );
        let too_long = DisplayName::parse(&"n".repeat(61)).expect_err("61 characters");
        assert_eq!(too_long.field, "display_name");
        for bad in ["Ana\u{202e}x", "Ana\u{7}b", "a\u{2067}b"] {
            assert!(DisplayName::parse(bad).is_err(), "{bad:?}");
        }
    }
}
