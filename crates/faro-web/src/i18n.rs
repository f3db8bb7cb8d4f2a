//! The words of the pages in English and Spanish, looked up by key. A translation is one more
//! column here (and later a file); a test checks every key a template uses exists.

use axum::http::{HeaderMap, header};

/// A user interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    /// `?lang=` wins; otherwise the first supported language in `Accept-Language`.
    pub fn choose(asked: Option<&str>, headers: &HeaderMap) -> Lang {
        let pick = |tag: &str| match tag.trim().get(..2) {
            Some(t) if t.eq_ignore_ascii_case("es") => Some(Lang::Es),
            Some(t) if t.eq_ignore_ascii_case("en") => Some(Lang::En),
            _ => None,
        };
        asked
            .and_then(pick)
            .or_else(|| {
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.split(',').find_map(pick))
            })
            .unwrap_or(Lang::En)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// The other language, for the language link.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Es,
            Lang::Es => Lang::En,
        }
    }

    /// The word for `key`; an unknown key shows itself (and fails `every_template_key_exists`).
    pub fn w(self, key: &str) -> &'static str {
        WORDS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map_or("?", |(_, en, es)| match self {
                Lang::En => en,
                Lang::Es => es,
            })
    }
}

/// (key, English, Spanish).
pub const WORDS: &[(&str, &str, &str)] = &[
    ("language_name", "English", "Español"),
    (
        "title",
        "Faro — trafficking case data hub",
        "Faro — centro de datos de casos de trata",
    ),
    (
        "tagline",
        "Human trafficking case data in the HTCDS/CTDC standard.",
        "Datos de casos de trata de personas en el estándar HTCDS/CTDC.",
    ),
    ("loaded", "Loaded", "Cargados"),
    ("records", "case records", "registros de casos"),
    ("api", "JSON API", "API JSON"),
    (
        "api_hint",
        "The API answers with an API token (create one on your account page) or while you are signed in.",
        "La API responde con un token de API (créelo en la página de su cuenta) o mientras tenga la sesión iniciada.",
    ),
    (
        "attribution",
        "CTDC data: Source: Counter-Trafficking Data Collaborative (CTDC), ctdatacollaborative.org",
        "Datos CTDC: Fuente: Counter-Trafficking Data Collaborative (CTDC), ctdatacollaborative.org",
    ),
    ("home", "Home", "Inicio"),
    ("account", "Account", "Cuenta"),
    ("admin", "Administration", "Administración"),
    ("audit", "Audit log", "Registro de auditoría"),
    ("sign_in", "Sign in", "Iniciar sesión"),
    ("sign_out", "Sign out", "Cerrar sesión"),
    (
        "sign_in_intro",
        "Staff of member organisations sign in here. To report a case you need no account.",
        "El personal de las organizaciones miembro inicia sesión aquí. Para informar de un caso no necesita cuenta.",
    ),
    ("email", "E-mail", "Correo electrónico"),
    ("password", "Password", "Contraseña"),
    (
        "code",
        "Code from your authenticator app (if you set up two-factor sign-in)",
        "Código de su aplicación de autenticación (si activó el inicio de sesión en dos pasos)",
    ),
    (
        "sign_in_failed",
        "The e-mail, password or code is not right, or the account is disabled.",
        "El correo, la contraseña o el código no son correctos, o la cuenta está desactivada.",
    ),
    (
        "throttled",
        "Too many failed sign-ins. Wait a few minutes and try again.",
        "Demasiados intentos fallidos. Espere unos minutos y vuelva a intentarlo.",
    ),
    ("signed_in_as", "Signed in as", "Sesión iniciada como"),
    ("organisation", "Organisation", "Organización"),
    ("role", "Role", "Rol"),
    (
        "set_password",
        "Set your password",
        "Establezca su contraseña",
    ),
    (
        "set_password_intro",
        "At least 12 characters. A few words you can remember make a good password.",
        "Al menos 12 caracteres. Unas cuantas palabras que pueda recordar son una buena contraseña.",
    ),
    ("password_again", "Password again", "Repita la contraseña"),
    (
        "passwords_differ",
        "The two passwords are not the same.",
        "Las dos contraseñas no coinciden.",
    ),
    (
        "password_short",
        "The password needs at least 12 characters (and at most 256).",
        "La contraseña necesita al menos 12 caracteres (y como máximo 256).",
    ),
    (
        "password_set",
        "Your password is set, and every earlier session has ended. You can sign in now.",
        "Su contraseña está establecida y todas las sesiones anteriores se han cerrado. Ya puede iniciar sesión.",
    ),
    (
        "link_invalid",
        "This link is not valid: it was used already, it expired (links last 24 hours), or a newer one was made. Ask an administrator of your organisation for a new link.",
        "Este enlace no es válido: ya se usó, caducó (duran 24 horas) o se creó otro más reciente. Pida un enlace nuevo a una persona administradora de su organización.",
    ),
    ("save", "Save", "Guardar"),
    (
        "two_factor",
        "Two-factor sign-in",
        "Inicio de sesión en dos pasos",
    ),
    (
        "two_factor_on",
        "On: signing in asks for a code from your authenticator app.",
        "Activado: al iniciar sesión se pide un código de su aplicación de autenticación.",
    ),
    (
        "two_factor_off",
        "Off. Turn it on so that a stolen password is not enough to sign in.",
        "Desactivado. Actívelo para que una contraseña robada no baste para iniciar sesión.",
    ),
    (
        "two_factor_start",
        "Set up two-factor sign-in",
        "Activar el inicio de sesión en dos pasos",
    ),
    (
        "two_factor_secret",
        "Add this key to your authenticator app (or open the link on the phone), then type the code it shows.",
        "Añada esta clave a su aplicación de autenticación (o abra el enlace en el teléfono) y escriba el código que muestre.",
    ),
    ("two_factor_confirm", "Turn on", "Activar"),
    (
        "two_factor_done",
        "Two-factor sign-in is on.",
        "El inicio de sesión en dos pasos está activado.",
    ),
    (
        "code_wrong",
        "That is not the current code of the authenticator app. Check the phone's clock and try again.",
        "Ese no es el código actual de la aplicación. Compruebe la hora del teléfono y vuelva a intentarlo.",
    ),
    ("tokens", "API tokens", "Tokens de API"),
    (
        "tokens_intro",
        "A token lets a program use the JSON API as you, with a role no wider than yours. It is shown once.",
        "Un token permite a un programa usar la API JSON en su nombre, con un rol no más amplio que el suyo. Se muestra una sola vez.",
    ),
    (
        "token_name",
        "Name (what it is for)",
        "Nombre (para qué es)",
    ),
    (
        "token_days",
        "Valid for (days, 1–365)",
        "Validez (días, 1–365)",
    ),
    ("token_create", "Create token", "Crear token"),
    (
        "token_created",
        "Your new token, shown only now: copy it to where it is used.",
        "Su nuevo token, que solo se muestra ahora: cópielo donde vaya a usarse.",
    ),
    (
        "token_days_invalid",
        "Give a whole number of days from 1 to 365.",
        "Indique un número entero de días de 1 a 365.",
    ),
    (
        "role_invalid",
        "Choose one of the listed roles.",
        "Elija uno de los roles de la lista.",
    ),
    (
        "name_invalid",
        "Give a name of 1 to 100 characters.",
        "Indique un nombre de 1 a 100 caracteres.",
    ),
    ("revoke", "Revoke", "Revocar"),
    ("revoked", "revoked", "revocado"),
    ("expires", "Expires", "Caduca"),
    ("created", "Created", "Creado"),
    ("user", "User", "Usuario"),
    ("none", "None yet.", "Ninguno todavía."),
    (
        "sign_out_everywhere",
        "Sign out on every device",
        "Cerrar sesión en todos los dispositivos",
    ),
    (
        "sign_out_everywhere_intro",
        "Ends every session of your account, this one included (for a lost or shared device).",
        "Cierra todas las sesiones de su cuenta, también esta (para un dispositivo perdido o compartido).",
    ),
    ("users", "Users", "Usuarios"),
    ("user_create", "Add a user", "Añadir usuario"),
    (
        "user_created",
        "The user exists. Send them this one-time link to set their password (valid 24 hours):",
        "La persona usuaria ya existe. Envíele este enlace de un solo uso para establecer su contraseña (válido 24 horas):",
    ),
    ("password_link", "Password link", "Enlace de contraseña"),
    (
        "link_relative",
        "Put the address this server is reached at in front of it (start Faro with --public-url to have the whole link here).",
        "Ponga delante la dirección con la que se accede a este servidor (inicie Faro con --public-url para ver aquí el enlace completo).",
    ),
    (
        "password_link_made",
        "One-time link to set a new password (valid 24 hours; earlier links stop working):",
        "Enlace de un solo uso para establecer una contraseña nueva (válido 24 horas; los enlaces anteriores dejan de funcionar):",
    ),
    ("disable", "Disable", "Desactivar"),
    ("role_change", "Change role", "Cambiar rol"),
    (
        "two_factor_reset",
        "Turn off two-factor (lost phone)",
        "Desactivar dos pasos (teléfono perdido)",
    ),
    ("disabled", "disabled", "desactivado"),
    ("active", "active", "activo"),
    (
        "email_invalid",
        "Give an e-mail address such as name@example.org.",
        "Indique un correo como nombre@ejemplo.org.",
    ),
    (
        "email_taken",
        "A user with that e-mail exists already.",
        "Ya existe una persona usuaria con ese correo.",
    ),
    ("status", "Status", "Estado"),
    ("when", "When", "Cuándo"),
    ("actor", "Who", "Quién"),
    ("action", "Action", "Acción"),
    ("detail", "Detail", "Detalle"),
    ("older", "Older entries", "Entradas anteriores"),
    (
        "audit_intro",
        "Every sign-in, failed sign-in, record read, change, export, token and user change of your organisation, newest first. Each entry is chained to the one before it, so `faro admin audit verify` finds any change.",
        "Cada inicio de sesión, intento fallido, lectura de registros, cambio, exportación y cambio de tokens o usuarios de su organización, de lo más reciente a lo más antiguo. Cada entrada está encadenada a la anterior, de modo que `faro admin audit verify` detecta cualquier cambio.",
    ),
    (
        "forbidden",
        "Your role may not open this page.",
        "Su rol no puede abrir esta página.",
    ),
    (
        "csrf",
        "This form has expired or did not come from this site. Go back, reload the page and send it again.",
        "Este formulario caducó o no procede de este sitio. Vuelva atrás, recargue la página y envíelo de nuevo.",
    ),
    ("error", "Something went wrong", "Algo salió mal"),
    (
        "internal",
        "An internal error occurred; it has been logged. Try again shortly.",
        "Se produjo un error interno y quedó registrado. Vuelva a intentarlo en breve.",
    ),
    ("back", "Back", "Volver"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_every_word_is_translated() {
        for (i, (key, en, es)) in WORDS.iter().enumerate() {
            assert!(!en.is_empty() && !es.is_empty(), "{key}");
            assert!(
                WORDS[i + 1..].iter().all(|(k, _, _)| k != key),
                "`{key}` twice"
            );
        }
    }

    #[test]
    fn every_template_key_exists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for part in text.split(".w(\"").skip(1) {
                let key = &part[..part.find('"').unwrap()];
                assert!(
                    WORDS.iter().any(|(k, _, _)| *k == key),
                    "no words for `{key}`"
                );
                checked += 1;
            }
        }
        assert!(checked > 40, "{checked}");
    }

    #[test]
    fn every_key_the_handlers_pass_exists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pages");
        let mut keys = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            // Keys reach the table as `chrome("key")`, `Some("key")`, `invalid("key", …)`,
            // `Err("key")` (also through `ok_or` and `map_err`) and as the last argument of
            // `problem(lang, status, "key")`.
            for marker in [
                "chrome(\"",
                "Some(\"",
                "invalid(\"",
                "Err(\"",
                "ok_or(\"",
                "map_err(|_| \"",
            ] {
                for part in text.split(marker).skip(1) {
                    keys.push(part[..part.find('"').unwrap()].to_string());
                }
            }
            for part in text.split("problem(").skip(1) {
                let call = &part[..part.find(')').unwrap()];
                if let Some(end) = call.rfind('"') {
                    let start = call[..end].rfind('"').unwrap() + 1;
                    keys.push(call[start..end].to_string());
                }
            }
        }
        keys.retain(|k| k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        for key in &keys {
            assert!(
                WORDS.iter().any(|(k, _, _)| k == key),
                "no words for `{key}`"
            );
        }
        assert!(keys.len() > 20, "{keys:?}");
    }
}
