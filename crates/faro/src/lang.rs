//! The language of the CLI's messages: `--lang` (or `FARO_LANG`), else the locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`: `es_ES.UTF-8` is Spanish), else English.
//!
//! It is settled before clap parses the command line, because option values are checked while
//! parsing (filters, `--by`, e-mails), and their refusals must already speak the language.
//! `faro brief` and `faro publish` write their files in it too.

use faro_i18n::Lang;
use std::ffi::OsString;
use std::sync::OnceLock;

static CHOSEN: OnceLock<Lang> = OnceLock::new();

/// Settles the language from the command line's arguments and the environment.
pub fn init(args: &[OsString]) {
    let env = |name: &str| std::env::var(name).ok();
    let _ = CHOSEN.set(choose(args, env));
}

/// The language settled by [`init`] (English before it).
pub fn get() -> Lang {
    CHOSEN.get().copied().unwrap_or(Lang::REFERENCE)
}

/// The message `key` with its arguments, in the settled language.
pub fn say(key: &'static str, args: &[(&'static str, String)]) -> String {
    get().message(&faro_domain::Message {
        key,
        args: args.to_vec(),
    })
}

/// [`say`] with the key checked against the translation files and the arguments named:
/// `say!("cli-deleted-source", id = gone.id, name = gone.name)`.
#[macro_export]
macro_rules! say {
    ($key:tt $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::lang::say(faro_i18n::key!($key), &[$((stringify!($name), $value.to_string())),*])
    };
}

fn choose(args: &[OsString], env: impl Fn(&str) -> Option<String>) -> Lang {
    from_args(args)
        .or_else(|| env("FARO_LANG").and_then(|code| Lang::from_code(&code)))
        .or_else(|| from_locale(&env))
        .unwrap_or(Lang::REFERENCE)
}

/// `--lang es` or `--lang=es` anywhere (it is a global option); the last one wins, as in clap.
/// A code Faro does not have is left for clap to refuse.
fn from_args(args: &[OsString]) -> Option<Lang> {
    let mut found = None;
    let mut args = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let code = match arg.strip_prefix("--lang") {
            Some("") => args.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(code) = code {
            found = Lang::from_code(code);
        }
    }
    found
}

/// The first locale variable that is set decides, as POSIX says; `C` and `POSIX` are English.
fn from_locale(env: &impl Fn(&str) -> Option<String>) -> Option<Lang> {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(env)
        .find(|v| !v.is_empty())?;
    let language = locale.split(['_', '.', '@']).next().unwrap_or_default();
    Lang::from_code(language)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_option_wins_over_the_environment_and_the_locale_over_english() {
        let fr = Lang::from_code("fr").unwrap();
        let es = Lang::from_code("es").unwrap();
        let both = env(&[("FARO_LANG", "es"), ("LANG", "fr_FR.UTF-8")]);
        assert_eq!(
            choose(&args(&["faro", "export", "--lang", "fr"]), &both),
            fr
        );
        assert_eq!(choose(&args(&["faro", "--lang=fr", "export"]), &both), fr);
        assert_eq!(choose(&args(&["faro", "export"]), &both), es);
        assert_eq!(
            choose(&args(&["faro"]), env(&[("LANG", "es_ES.UTF-8")])),
            es
        );
        assert_eq!(
            choose(
                &args(&["faro"]),
                env(&[("LC_ALL", "fr_CA"), ("LANG", "es_ES")])
            ),
            fr,
            "LC_ALL first"
        );
        assert_eq!(
            choose(&args(&["faro"]), env(&[("LANG", "C.UTF-8")])),
            Lang::REFERENCE
        );
        assert_eq!(
            choose(&args(&["faro"]), env(&[("LANG", "de_DE")])),
            Lang::REFERENCE
        );
        assert_eq!(
            choose(&args(&["faro", "--lang", "xx"]), env(&[("LANG", "es_ES")])),
            es,
            "clap refuses `xx`; until then the locale speaks"
        );
        assert_eq!(
            choose(&args(&["faro", "import", "--", "--lang"]), env(&[])),
            Lang::REFERENCE,
            "a file named `--lang`"
        );
    }
}
