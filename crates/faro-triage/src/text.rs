//! Text as triage reads it: words folded (lower case, accents and other marks removed) so that
//! "pasaporte", "PASAPORTE" and "pasapórte" meet, each word keeping its place in the original
//! text in characters, so that every finding points back at what the reporter wrote.
//!
//! Used by the build script as well as the library (the classifier is trained at build time on
//! the same words it reads at run time), so it depends on nothing but `deunicode`.

/// One word of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Lower case ASCII letters and digits.
    pub folded: String,
    /// Where the word is in the original text, in characters (`end` exclusive).
    pub start: usize,
    pub end: usize,
    /// Its first letter is upper case in the original text.
    pub capitalised: bool,
    /// It opens the text or a sentence, where capitals say nothing about names.
    pub sentence_start: bool,
}

/// The folded form of one character: ASCII letters and digits, or nothing for a separator.
/// Symbols and emoji separate words rather than being transliterated (`deunicode` would
/// turn an emoji into a word).
fn fold_char(c: char, out: &mut String) -> bool {
    if c.is_ascii_alphanumeric() {
        out.push(c.to_ascii_lowercase());
        return true;
    }
    if !c.is_alphanumeric() {
        return false;
    }
    let before = out.len();
    if let Some(ascii) = deunicode::deunicode_char(c) {
        out.extend(
            ascii
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|a| a.to_ascii_lowercase()),
        );
    }
    out.len() > before
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current: Option<Word> = None;
    let mut sentence_start = true;
    for (i, c) in text.chars().enumerate() {
        let mut folded = String::new();
        if fold_char(c, &mut folded) {
            let word = current.get_or_insert_with(|| Word {
                folded: String::new(),
                start: i,
                end: i,
                capitalised: c.is_uppercase(),
                sentence_start,
            });
            word.folded.push_str(&folded);
            word.end = i + 1;
            sentence_start = false;
            continue;
        }
        if let Some(word) = current.take() {
            words.push(word);
        }
        if matches!(
            c,
            '.' | '!' | '?' | '\n' | '¡' | '¿' | '…' | ':' | '"' | '«' | '“'
        ) {
            sentence_start = true;
        }
    }
    words.extend(current);
    words
}

/// `text` folded to its words joined by single spaces: how lexicon phrases are written down
/// after reading.
pub fn fold(text: &str) -> String {
    words(text)
        .into_iter()
        .map(|w| w.folded)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_keep_their_place_in_characters() {
        let ws = words("¿Él tiene el PASAPÓRTE? Sí: l'argent 😀 x");
        let folded: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(
            folded,
            ["el", "tiene", "el", "pasaporte", "si", "l", "argent", "x"]
        );
        assert_eq!((ws[3].start, ws[3].end), (13, 22));
        assert!(ws[0].capitalised && ws[0].sentence_start);
        assert!(ws[3].capitalised && !ws[3].sentence_start);
        assert!(ws[4].sentence_start, "after a question mark");
        assert!(ws[7].end == ws[7].start + 1);
    }

    #[test]
    fn emoji_and_control_characters_separate_words() {
        let ws = words("a😀b\u{0}c\u{202e}d");
        assert_eq!(ws.len(), 4);
        assert_eq!(fold("Ça VA, Ñandú!"), "ca va nandu");
    }
}
