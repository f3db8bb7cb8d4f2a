//! Telling the staff on duty that an urgent report arrived: by e-mail (SMTP) and/or a
//! webhook, as configured (`[notify]` in `faro.toml`).
//!
//! A notice says only that an urgent report arrived and where to read it, never what it says:
//! an e-mail crosses servers nobody here controls. It is sent after the report is stored, off
//! the reporter's request, and a failure is logged (without content) rather than retried
//! forever: the inbox shows urgent reports first whatever happens to the notice.

use faro_i18n::Lang;
use faro_i18n::key;
use hmac::{Hmac, Mac};
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sha2::Sha256;
use std::time::Duration;

/// How long one notice may take before it is given up (and logged).
const TIMEOUT: Duration = Duration::from_secs(10);

/// Where notices go; empty by default (nothing is sent).
#[derive(Clone, Default)]
pub struct Notify {
    pub email: Option<Email>,
    pub webhook: Option<Webhook>,
    /// The base of the inbox link in a notice (`--public-url`).
    pub inbox_url: String,
    /// The language of notices.
    pub lang: Lang,
}

impl std::fmt::Debug for Notify {
    /// Never prints the SMTP URL (it may hold a password) or the webhook's secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notify")
            .field("email", &self.email.as_ref().map(|e| e.to.len()))
            .field("webhook", &self.webhook.is_some())
            .finish()
    }
}

/// SMTP: `smtp_url` as lettre reads it (`smtps://user:pass@host`, `smtp://host:25` without
/// TLS for a local relay, `smtp://host:587?tls=required`), the sender and the staff on duty.
#[derive(Clone)]
pub struct Email {
    pub smtp_url: String,
    pub from: lettre::message::Mailbox,
    pub to: Vec<lettre::message::Mailbox>,
}

/// A webhook: a JSON POST, signed with HMAC-SHA256 of the body under `secret` in
/// `X-Faro-Signature: sha256=<hex>` so that the receiver can tell it came from Faro.
#[derive(Clone)]
pub struct Webhook {
    pub url: String,
    pub secret: String,
}

/// What a notice is about.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct UrgentReport {
    /// Always `urgent_report`.
    pub event: &'static str,
    pub organisation: i64,
    /// The hour it arrived (Unix seconds), as the report stores it.
    pub hour: i64,
}

impl Notify {
    pub fn is_configured(&self) -> bool {
        self.email.is_some() || self.webhook.is_some()
    }

    /// Sends the notices of an urgent report in the background: by e-mail to the instance's
    /// list and the addresses the organisation gave in its settings, and to the webhook.
    pub fn urgent_report(
        &self,
        store: &faro_store::Store,
        organisation: faro_domain::OrganisationId,
    ) {
        if !self.is_configured() {
            return;
        }
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let notice = UrgentReport {
            event: "urgent_report",
            organisation: organisation.0,
            hour: now - now.rem_euclid(faro_store::REPORT_TIME_STEP),
        };
        let this = self.clone();
        let store = store.clone();
        tokio::spawn(async move {
            if let Some(email) = &this.email {
                let mut email = email.clone();
                match store.urgent_recipients(organisation).await {
                    Ok(own) => email
                        .to
                        .extend(own.iter().filter_map(|e| e.as_str().parse().ok())),
                    Err(e) => {
                        tracing::warn!(error = %e, "an organisation's notice addresses could not be read")
                    }
                }
                match tokio::time::timeout(TIMEOUT, this.send_email(&email)).await {
                    Ok(Ok(())) => tracing::info!("urgent report notice e-mailed"),
                    Ok(Err(e)) => tracing::warn!(error = %e, "urgent report notice not e-mailed"),
                    Err(_) => tracing::warn!("urgent report notice not e-mailed: timed out"),
                }
            }
            if let Some(hook) = &this.webhook {
                match send_webhook(hook, &notice).await {
                    Ok(()) => tracing::info!("urgent report notice posted"),
                    Err(e) => tracing::warn!(error = %e, "urgent report notice not posted"),
                }
            }
        });
    }

    async fn send_email(&self, email: &Email) -> Result<(), String> {
        if email.to.is_empty() {
            return Err("no address to e-mail: give `to` or an organisation's addresses".into());
        }
        let mut message = Message::builder()
            .from(email.from.clone())
            .subject(self.lang.w(key!("notify-subject")).into_owned());
        for to in &email.to {
            message = message.to(to.clone());
        }
        let body = format!(
            "{}\n\n{}/inbox?urgent=true\n",
            self.lang.w(key!("notify-body")),
            self.inbox_url
        );
        let message = message
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&email.smtp_url)
            .map_err(|e| e.to_string())?
            .timeout(Some(TIMEOUT))
            .build();
        transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// The signature header's value for `body` under `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

async fn send_webhook(hook: &Webhook, notice: &UrgentReport) -> Result<(), String> {
    let body = serde_json::to_vec(notice).map_err(|e| e.to_string())?;
    let response = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| e.to_string())?
        .post(&hook.url)
        .header("content-type", "application/json")
        .header("x-faro-signature", signature(&hook.secret, &body))
        .body(body)
        .send()
        .await
        .map_err(|e| e.without_url().to_string())?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("the webhook answered {}", response.status()))
    }
}
