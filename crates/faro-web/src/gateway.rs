//! SMS and chat intake through a gateway (`POST /sms/{channel}`), and staff replies sent back
//! through the gateway's outbound API.
//!
//! Two kinds of channel, each with its secret in the settings (`[[reports.sms]]`):
//! - `twilio`: Twilio's form POST, checked with its `X-Twilio-Signature` (HMAC-SHA1 of the
//!   webhook's public URL and the sorted parameters under the auth token); replies go to
//!   Twilio's Messages API with HTTP basic authentication.
//! - `json`: `{"id": "…", "sent_at": UNIX_SECONDS, "from": "…", "text": "…"}`, checked with
//!   `X-Faro-Signature: sha256=<hex>` (HMAC-SHA256 of the body under the secret); a message
//!   sent more than [`FRESH_SECONDS`] from the server's clock is refused; replies are posted
//!   as `{"to", "text"}`, signed the same way.
//!
//! A message delivered again (the same `MessageSid` or `id`: a replay, or the gateway's own
//! retry) is answered without being stored twice. A sender's messages make one conversation:
//! the report is found by a keyed hash of the number, and the number itself is kept only
//! sealed in the report, for replies. Nothing of a message reaches the logs.

use crate::AppState;
use crate::error::Text;
use crate::{ApiError, notify};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine;
use faro_domain::report::{Channel, MESSAGE_MAX_CHARS, RawReport, ReportDraft, text};
use faro_domain::{AccessContext, OrganisationId};
use faro_i18n::Lang;
use hmac::{Hmac, Mac};
use std::time::Duration;

/// A gateway's webhook body, at most: a message and its metadata.
const MAX_WEBHOOK_BYTES: usize = 64 << 10;
/// How long an outbound message may take.
const TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Twilio,
    Json,
}

/// One SMS or chat channel.
#[derive(Clone)]
pub struct SmsChannel {
    /// The URL segment: `/sms/{name}`.
    pub name: String,
    pub kind: Kind,
    /// Twilio's auth token, or the JSON gateway's shared secret.
    pub secret: String,
    /// The organisation whose inbox receives this channel's reports.
    pub organisation: OrganisationId,
    /// The language of the channel's automatic answers and its reports.
    pub lang: Lang,
    /// Reports from this channel count as SMS or as chat.
    pub channel: Channel,
    /// Where replies are sent: Twilio's `…/Accounts/{sid}/Messages.json`, or the JSON
    /// gateway's endpoint. Without it, staff replies stay in the inbox.
    pub outbound_url: Option<String>,
    /// Twilio's account SID (basic authentication's user).
    pub account: String,
    /// The number replies come from.
    pub from: String,
}

impl std::fmt::Debug for SmsChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsChannel")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// The URLs gateways call; like `api::table` and `pages::table`, the one list of them.
pub fn table() -> Vec<&'static str> {
    vec!["/sms/{channel}"]
}

pub fn routes() -> Router<AppState> {
    table()
        .into_iter()
        .fold(Router::new(), |r, path| r.route(path, post(receive)))
        // A gateway's message is small: a larger body is refused before it is read whole.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_WEBHOOK_BYTES))
}

fn refuse(status: StatusCode, code: &'static str, key: &'static str) -> ApiError {
    ApiError {
        status,
        code,
        message: Text::words(key),
        field: None,
    }
}

/// Twilio's signature of a webhook: HMAC-SHA1 of the URL followed by each parameter's name
/// and value in name order, under the auth token, in base64.
pub fn twilio_signature(token: &str, url: &str, params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    let mut mac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(token.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(url.as_bytes());
    for (k, v) in sorted {
        mac.update(k.as_bytes());
        mac.update(v.as_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> &'h str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// How far a JSON message's `sent_at` may be from the server's clock, in seconds.
pub const FRESH_SECONDS: i64 = 300;

/// A webhook whose signature holds.
struct Inbound {
    /// The gateway's id of the message.
    id: String,
    from: String,
    text: String,
}

/// The message of a webhook whose signature holds (and, for JSON, sent just now).
fn verified(
    state: &AppState,
    channel: &SmsChannel,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Inbound, ApiError> {
    let forged = || refuse(StatusCode::FORBIDDEN, "bad_signature", "sms-bad-signature");
    match channel.kind {
        Kind::Twilio => {
            let params: Vec<(String, String)> = form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            let url = format!(
                "{}/sms/{}",
                state.public_url.as_deref().unwrap_or_default(),
                channel.name
            );
            let expected = twilio_signature(&channel.secret, &url, &params);
            let sent = header_str(headers, "x-twilio-signature");
            if !crate::access::same_secret(sent, &expected) {
                return Err(forged());
            }
            let get = |name: &str| {
                params
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let id = get("MessageSid");
            if id.is_empty() {
                return Err(refuse(
                    StatusCode::BAD_REQUEST,
                    "no_message_id",
                    "sms-no-message-id",
                ));
            }
            Ok(Inbound {
                id,
                from: get("From"),
                text: get("Body"),
            })
        }
        Kind::Json => {
            let expected = notify::signature(&channel.secret, body);
            if !crate::access::same_secret(header_str(headers, "x-faro-signature"), &expected) {
                return Err(forged());
            }
            #[derive(serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Sent {
                id: String,
                sent_at: i64,
                from: String,
                text: String,
            }
            let sent: Sent = serde_json::from_slice(body)
                .ok()
                .filter(|s: &Sent| (1..=128).contains(&s.id.len()))
                .ok_or_else(|| {
                    refuse(StatusCode::BAD_REQUEST, "invalid_body", "sms-invalid-body")
                })?;
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            // `abs_diff`: a hostile `sent_at` (i64::MIN) cannot overflow the subtraction.
            if now.abs_diff(sent.sent_at) > FRESH_SECONDS.unsigned_abs() {
                return Err(refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "stale_message",
                    "sms-stale-message",
                ));
            }
            Ok(Inbound {
                id: sent.id,
                from: sent.from,
                text: sent.text,
            })
        }
    }
}

/// A sender's number as gateways give it: `+` and 6 to 20 digits (E.164), or a chat
/// handle of letters, digits and `._-:@` up to 64 characters.
fn sender_ok(from: &str) -> bool {
    let phone = from
        .strip_prefix('+')
        .is_some_and(|d| (6..=20).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()));
    let handle = !from.is_empty()
        && from.len() <= 64
        && from
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-:@".contains(&b));
    phone || handle
}

/// A message from a gateway: a new report, or the next message of the sender's open one.
async fn receive(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let Some(channel) = state.gateways.iter().find(|c| c.name == name).cloned() else {
        return Err(refuse(
            StatusCode::NOT_FOUND,
            "not_found",
            "sms-unknown-channel",
        ));
    };
    let body = body.map_err(|r| match r.status() {
        StatusCode::PAYLOAD_TOO_LARGE => crate::error::too_large(),
        _ => refuse(StatusCode::BAD_REQUEST, "invalid_body", "sms-invalid-body"),
    })?;
    let Inbound {
        id,
        from,
        text: message,
    } = verified(&state, &channel, &headers, &body)?;
    if !sender_ok(from.trim()) {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_sender",
            "sms-invalid-sender",
        ));
    }
    let message = text("text", &message, MESSAGE_MAX_CHARS, true).map_err(|_| {
        refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_text",
            "sms-invalid-text",
        )
    })?;
    let store = &state.store;
    if !store.first_delivery(&channel.name, &id).await? {
        return Ok(already_received(&channel));
    }
    match store_message(&state, &channel, from.trim(), message).await {
        Ok(answer) => Ok(answered(&channel, answer)),
        Err(e) => {
            store.forget_delivery(&channel.name, &id).await?;
            Err(e)
        }
    }
}

/// Adds `message` to the sender's open conversation, or makes it a new report; the words
/// that thank the sender.
async fn store_message(
    state: &AppState,
    channel: &SmsChannel,
    from: &str,
    message: String,
) -> Result<&'static str, ApiError> {
    let store = &state.store;
    let anyone = AccessContext::anonymous();
    let answer = match store
        .open_report_of_sender(channel.organisation, from)
        .await?
    {
        Some(id) => {
            store
                .add_reporter_message(&anyone, id, &message, &[])
                .await?;
            "sms-added"
        }
        None => {
            let raw = RawReport {
                what: message,
                contact: "phone".into(),
                contact_detail: from.into(),
                ..RawReport::default()
            };
            let draft =
                ReportDraft::parse(&raw, channel.channel, channel.lang.code()).map_err(|_| {
                    refuse(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "invalid_text",
                        "sms-invalid-text",
                    )
                })?;
            let sender = faro_store::Sender {
                number: from,
                gateway: &channel.name,
            };
            let stored = store
                .submit_report(
                    &anyone,
                    channel.organisation,
                    &draft,
                    &[],
                    Some(sender),
                    None,
                )
                .await?;
            tracing::info!(report = stored.id, "report received by gateway");
            "sms-received"
        }
    };
    Ok(answer)
}

/// A message delivered before: answered as received, with no reply sent again.
fn already_received(channel: &SmsChannel) -> Response {
    match channel.kind {
        Kind::Twilio => (
            [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>",
        )
            .into_response(),
        Kind::Json => {
            axum::Json(serde_json::json!({ "reply": null, "duplicate": true })).into_response()
        }
    }
}

/// The gateway's answer: `answer`'s words in the channel's language, as a reply to send.
fn answered(channel: &SmsChannel, answer: &str) -> Response {
    let words = channel.lang.w(answer).into_owned();
    match channel.kind {
        Kind::Twilio => (
            [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>{}</Message></Response>",
                xml_escape(&words)
            ),
        )
            .into_response(),
        Kind::Json => axum::Json(serde_json::json!({ "reply": words })).into_response(),
    }
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Why a staff message did not leave through its gateway.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the report's channel `{0}` is not configured any more")]
    UnknownChannel(String),
    #[error("the channel has no outbound URL")]
    NoOutbound,
    #[error("the gateway could not be reached: {0}")]
    Unreachable(String),
    #[error("the gateway answered {0}")]
    Refused(u16),
}

/// Sends a staff message to `to` through the channel named `gateway`.
pub async fn send(
    state: &AppState,
    gateway: &str,
    to: &str,
    message: &str,
) -> Result<(), SendError> {
    let channel = state
        .gateways
        .iter()
        .find(|c| c.name == gateway)
        .ok_or_else(|| SendError::UnknownChannel(gateway.into()))?;
    let url = channel
        .outbound_url
        .as_deref()
        .ok_or(SendError::NoOutbound)?;
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| SendError::Unreachable(e.to_string()))?;
    let request = match channel.kind {
        Kind::Twilio => client
            .post(url)
            .basic_auth(&channel.account, Some(&channel.secret))
            .form(&[
                ("To", to),
                ("From", channel.from.as_str()),
                ("Body", message),
            ]),
        Kind::Json => {
            let body = serde_json::to_vec(&serde_json::json!({ "to": to, "text": message }))
                .map_err(|e| SendError::Unreachable(e.to_string()))?;
            client
                .post(url)
                .header("content-type", "application/json")
                .header(
                    "x-faro-signature",
                    notify::signature(&channel.secret, &body),
                )
                .body(body)
        }
    };
    let response = request
        .send()
        .await
        .map_err(|e| SendError::Unreachable(e.without_url().to_string()))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(SendError::Refused(response.status().as_u16()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of Twilio's documentation on validating requests (the same value as the
    /// `twilio` Python package's `RequestValidator.compute_signature`).
    #[test]
    fn the_twilio_signature_matches_twilios_own_example() {
        let params: Vec<(String, String)> = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675309"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            twilio_signature(
                "12345",
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                &params
            ),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        );
    }

    #[test]
    fn senders_are_numbers_or_handles() {
        for ok in ["+351912345678", "+12025550123", "chat:user_42", "anon-7f3a"] {
            assert!(sender_ok(ok), "{ok}");
        }
        for bad in [
            "",
            "+12",
            "+1234567890123456789012",
            "robert'); DROP",
            "a b",
            &"x".repeat(65),
        ] {
            assert!(!sender_ok(bad), "{bad}");
        }
    }
}
