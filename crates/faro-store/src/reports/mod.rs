//! Reports and their conversations: intake from every channel (`intake.rs`: the receipt a
//! reporter keeps, follow-up, SMS conversations), the staff inbox and its triage actions
//! (`inbox.rs`: promotion to a record), retention (`retention.rs`).
//!
//! Nothing about a reporter is stored: times of what they do are cut to the hour, their words
//! and photos are sealed with the data key, a receipt code is kept only as an argon2id hash.
//! That hash uses a random salt stored in `meta` (not derived from the data key, so rotating
//! the key never needs the codes), the same for every code, so a code is found by an index
//! lookup instead of a scan; its cost (one argon2id, tens of milliseconds) is what makes
//! guessing 10^16 codes hopeless, and the caller bounds how many run at once.

mod inbox;
mod intake;
pub(crate) mod learning;
mod points;
mod retention;
pub(crate) mod suggested;

pub use inbox::record_from;
pub use intake::Receipt;
pub use points::{PointFilter, ReportPoint};
pub use suggested::{Suggested, ToTriage, Triaged};

use crate::audit::Draft;
use crate::clock::now;
use crate::secret::random_bytes;
use crate::{Store, StoreError};
use faro_domain::report::{
    AgeGroup, Channel, ContactWay, Point, ReceiptCode, ReportDraft, ReportStatus, Sign, When,
    codes_of, signs_in_text,
};
use faro_domain::vocab::{DataSource, Exploitation, Gender, Majority, MeansDetail, Vocabulary};
use faro_domain::{AccessContext, Country, Flags, OrganisationId, Permission, Record, Year};
use serde_json::json;
use std::collections::HashMap;

/// What a report's stored times are rounded down to: the hour, so that a time cannot be
/// matched against a reporter's connection in another log.
pub const REPORT_TIME_STEP: i64 = 3600;

/// A time a reporter causes, as stored.
fn to_the_hour(at: i64) -> i64 {
    at - at.rem_euclid(REPORT_TIME_STEP)
}

/// A photo, already decoded and re-encoded by the caller (no metadata left).
#[derive(Clone)]
pub struct Photo {
    pub media_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Photo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Photo({}, {}×{}, {} bytes)",
            self.media_type,
            self.width,
            self.height,
            self.bytes.len()
        )
    }
}

/// A stored report and, for channels that follow up on the web, the code its reporter keeps.
#[derive(Debug)]
pub struct Submitted {
    pub id: i64,
    pub receipt: Option<ReceiptCode>,
}

/// Who wrote a message of a report's conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// What the reporter first said.
    Report,
    /// A later message from the reporter.
    Reporter,
    /// Staff to the reporter: a reply or a question.
    Staff,
    /// A staff note the reporter never sees.
    Note,
}

impl MessageKind {
    fn code(self) -> &'static str {
        match self {
            MessageKind::Report => "report",
            MessageKind::Reporter => "reporter",
            MessageKind::Staff => "staff",
            MessageKind::Note => "note",
        }
    }

    fn parse(code: &str) -> Result<MessageKind, StoreError> {
        Ok(match code {
            "report" => MessageKind::Report,
            "reporter" => MessageKind::Reporter,
            "staff" => MessageKind::Staff,
            "note" => MessageKind::Note,
            other => return Err(corrupt("report_messages.kind", other)),
        })
    }

    /// Whether the reporter sees it at follow-up.
    pub fn is_for_reporter(self) -> bool {
        self != MessageKind::Note
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMessage {
    pub id: i64,
    pub kind: MessageKind,
    /// Who wrote it, as the audit log names them ("reporter" for the reporter).
    pub author: String,
    /// Unix seconds (to the hour for the reporter's).
    pub created_at: i64,
    pub text: String,
    /// The ids of the photos sent with it.
    pub attachments: Vec<i64>,
}

/// Whether `ctx` administers `organisation`: the work over all of an organisation's reports
/// (triage's learning and reading) is its admins', and the job runner's acting as one.
fn administered(
    ctx: &AccessContext,
    organisation: OrganisationId,
    action: &'static str,
) -> Result<(), StoreError> {
    if ctx.administers(organisation) {
        Ok(())
    } else {
        Err(StoreError::Forbidden { action })
    }
}

/// What the reporter said: their first message and those after it, a blank line between them
/// (staff's replies and notes left out). What triage reads of a report.
pub fn reporter_words(messages: &[ReportMessage]) -> String {
    messages
        .iter()
        .filter(|m| matches!(m.kind, MessageKind::Report | MessageKind::Reporter))
        .map(|m| m.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A report as the inbox lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSummary {
    pub id: i64,
    pub organisation: OrganisationId,
    pub channel: Channel,
    pub language: String,
    pub status: ReportStatus,
    pub urgent: bool,
    pub country: Option<Country>,
    pub point: Option<Point>,
    pub when: Option<When>,
    pub people: Option<u16>,
    pub ages: Flags<AgeGroup>,
    pub genders: Flags<Gender>,
    pub signs: Flags<Sign>,
    pub modality: Flags<Exploitation>,
    pub means: Flags<MeansDetail>,
    pub contact: ContactWay,
    pub duplicate_of: Option<i64>,
    pub record_id: Option<i64>,
    /// The user looking after it.
    pub assignee: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A report with everything staff may read of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDetail {
    pub summary: ReportSummary,
    pub place: String,
    pub contact_detail: String,
    pub close_reason: Option<String>,
    pub messages: Vec<ReportMessage>,
}

/// What a reporter sees with their receipt code.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub status: ReportStatus,
    pub created_at: i64,
    /// The conversation without staff notes.
    pub messages: Vec<ReportMessage>,
}

/// A photo as staff download it.
#[derive(Clone)]
pub struct Attachment {
    pub id: i64,
    pub report_id: i64,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// The inbox's filters; `None` is "any".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportFilter {
    pub status: Option<ReportStatus>,
    pub channel: Option<Channel>,
    /// A language code; matched as a bound value.
    pub language: Option<String>,
    pub country: Option<Country>,
    pub modality: Option<Exploitation>,
    pub urgent: Option<bool>,
    pub assignee: Option<Assigned>,
    /// A type of exploitation triage suggested.
    pub suggested: Option<Exploitation>,
    /// The language triage read the text in (`en`, `es`, `fr`, `other`); matched as a bound
    /// value.
    pub written: Option<String>,
}

/// Whose reports a filter keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assigned {
    Nobody,
    To(i64),
}

/// One page of the inbox and how many reports match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportPage {
    pub reports: Vec<ReportSummary>,
    pub total: i64,
    /// The start of each listed report's first text, by report id (reports with no text have
    /// none).
    pub previews: HashMap<i64, String>,
    /// What triage suggested for each listed report it has read, by report id.
    pub suggestions: HashMap<i64, Suggested>,
}

/// What staff do with a report. Every action is audited with the change.
#[derive(Debug, Clone, PartialEq)]
pub enum Triage {
    /// Take it into review (from new).
    Review,
    /// A message to the reporter.
    Reply(String),
    /// A question to the reporter: the report then needs information.
    Ask(String),
    /// A note for staff only.
    Note(String),
    /// The HTCDS codes and the country, confirmed or corrected; a point replaces the
    /// report's (a city from the gazetteer), `None` keeps it.
    Codes {
        country: Option<Country>,
        point: Option<Point>,
        modality: Flags<Exploitation>,
        means: Flags<MeansDetail>,
    },
    /// The same situation as report `of`.
    Duplicate(i64),
    /// Given to a user of the organisation who may triage (`None`: to nobody).
    Assign(Option<i64>),
    /// Make a record of the organisation's intake source from it.
    Promote,
    Close(String),
    Reopen,
}

impl Triage {
    fn action(&self) -> &'static str {
        match self {
            Triage::Review => "report.review",
            Triage::Reply(_) => "report.reply",
            Triage::Ask(_) => "report.ask",
            Triage::Note(_) => "report.note",
            Triage::Codes { .. } => "report.codes",
            Triage::Duplicate(_) => "report.duplicate",
            Triage::Assign(_) => "report.assign",
            Triage::Promote => "report.promote",
            Triage::Close(_) => "report.close",
            Triage::Reopen => "report.reopen",
        }
    }
}

fn corrupt(column: &'static str, value: &str) -> StoreError {
    StoreError::Corrupt {
        column,
        value: value.chars().take(40).collect(),
    }
}

fn code_of<V: Vocabulary>(column: &'static str, code: &str) -> Result<V, StoreError> {
    V::from_code(code).ok_or_else(|| corrupt(column, code))
}

fn bits<V: Vocabulary>(set: i64) -> Flags<V> {
    Flags::from_bits(set as u32, set as u32)
}

fn set_bits<V: Vocabulary>(flags: &Flags<V>) -> i64 {
    i64::from(flags.set_bits())
}

/// Where a report's sealed fields are bound: moved to another report, they no longer open.
fn report_place(id: i64) -> String {
    format!("reports {id}")
}

/// Where a report's close reason is bound.
fn close_place(id: i64) -> String {
    format!("{} close", report_place(id))
}

fn message_place(report_id: i64, created_at: i64, kind: &str) -> String {
    format!("report_messages {report_id} {created_at} {kind}")
}

fn attachment_place(report_id: i64, created_at: i64) -> String {
    format!("report_attachments {report_id} {created_at}")
}

/// The sealed part of a report: its place and the way to reach its reporter.
#[derive(serde::Serialize, serde::Deserialize)]
struct Sealed {
    place: String,
    contact_detail: String,
    /// The SMS or chat channel a conversation came through, to reply the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gateway: Option<String>,
    /// The SMS or chat sender's number or address its keyed hash is made of, so that a new
    /// data key can hash it again (`rotate-key`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sender: Option<String>,
}

impl Sealed {
    /// The identifier a conversation's sender hash was made of: the sealed sender, or, for
    /// reports stored before it was sealed, the number they gave (the same one).
    fn sender(&self) -> &str {
        self.sender.as_deref().unwrap_or(&self.contact_detail)
    }
}

impl Sealed {
    /// The sealed fields of report `id`, opened with the data key.
    fn open(keys: &crate::keys::Keys, id: i64, sealed: &str) -> Result<Sealed, StoreError> {
        serde_json::from_str(&keys.open(&report_place(id), sealed)?)
            .map_err(|_| corrupt("reports.sealed", "not the sealed fields"))
    }
}

/// Who sent an SMS or chat message: their number or address (kept sealed, and looked up by
/// its keyed hash), and the channel (gateway) it came through.
#[derive(Clone, Copy)]
pub struct Sender<'a> {
    pub number: &'a str,
    pub gateway: &'a str,
}

impl std::fmt::Debug for Sender<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sender(…, {})", self.gateway)
    }
}

/// How staff reach a report's reporter: the channel, the gateway of an SMS or chat
/// conversation, and the number or address they gave.
#[derive(Clone)]
pub struct ReplyRoute {
    pub channel: Channel,
    pub gateway: Option<String>,
    pub contact_detail: String,
}

/// A stored message: id, kind, author, time, ciphertext.
type MessageRow = (i64, String, String, i64, String);

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    organisation_id: i64,
    channel: String,
    language: String,
    status: String,
    urgent: i32,
    country: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    happened: Option<String>,
    people: Option<i32>,
    ages: i64,
    genders: i64,
    signs: i64,
    modality: i64,
    means: i64,
    contact: String,
    duplicate_of: Option<i64>,
    record_id: Option<i64>,
    assignee: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

const SUMMARY_COLUMNS: &str = "id, organisation_id, channel, language, status, urgent, country, lat, lon, happened, people, \
     ages, genders, signs, modality, means, contact, duplicate_of, record_id, assignee, created_at, updated_at";

impl SummaryRow {
    fn into_summary(self) -> Result<ReportSummary, StoreError> {
        Ok(ReportSummary {
            id: self.id,
            organisation: OrganisationId(self.organisation_id),
            channel: code_of("reports.channel", &self.channel)?,
            language: self.language,
            status: code_of("reports.status", &self.status)?,
            urgent: self.urgent != 0,
            country: match self.country {
                Some(c) => {
                    Some(Country::from_alpha2(&c).ok_or_else(|| corrupt("reports.country", &c))?)
                }
                None => None,
            },
            point: self.lat.zip(self.lon).map(|(lat, lon)| Point { lat, lon }),
            when: match self.happened {
                Some(w) => Some(code_of("reports.happened", &w)?),
                None => None,
            },
            people: self.people.and_then(|p| u16::try_from(p).ok()),
            ages: bits(self.ages),
            genders: bits(self.genders),
            signs: bits(self.signs),
            modality: bits(self.modality),
            means: bits(self.means),
            contact: code_of("reports.contact", &self.contact)?,
            duplicate_of: self.duplicate_of,
            record_id: self.record_id,
            assignee: self.assignee,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

impl Store {
    /// The conversation of a report, oldest first, opened with the data key.
    async fn messages(&self, report_id: i64) -> Result<Vec<ReportMessage>, StoreError> {
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let sql = "SELECT id, kind, author, created_at, ciphertext FROM report_messages WHERE report_id = $1 ORDER BY id";
        let photos =
            "SELECT id, message_id FROM report_attachments WHERE report_id = $1 ORDER BY id";
        let (rows, attachments): (Vec<MessageRow>, Vec<(i64, Option<i64>)>) =
            with_pool!(self, |p| (
                sqlx::query_as(sql).bind(report_id).fetch_all(p).await?,
                sqlx::query_as(photos).bind(report_id).fetch_all(p).await?
            ));
        rows.into_iter()
            .map(|(id, kind, author, created_at, sealed)| {
                let text = keys.open(&message_place(report_id, created_at, &kind), &sealed)?;
                Ok(ReportMessage {
                    id,
                    kind: MessageKind::parse(&kind)?,
                    author,
                    created_at,
                    text,
                    attachments: attachments
                        .iter()
                        .filter(|(_, m)| *m == Some(id))
                        .map(|(a, _)| *a)
                        .collect(),
                })
            })
            .collect()
    }
}

/// Re-seals every report text and photo from `old` to `fresh` inside the rotation's
/// transaction; how many values were re-sealed.
pub(crate) async fn reseal<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    old: &crate::keys::Keys,
    fresh: &crate::keys::Keys,
) -> Result<usize, StoreError>
where
    DB: sqlx::Database,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Vec<u8>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64, String, Option<String>, Option<String>): sqlx::FromRow<'r, DB::Row>,
    for<'r> (i64, i64, i64, String, String): sqlx::FromRow<'r, DB::Row>,
    for<'r> (i64, i64, i64, Vec<u8>): sqlx::FromRow<'r, DB::Row>,
{
    let move_text = |place: &str, sealed: &str| fresh.seal(place, &old.open(place, sealed)?);
    let mut n = 0;
    let reports: Vec<(i64, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id, sealed, close_reason, sender_hash FROM reports ORDER BY id")
            .fetch_all(&mut **tx)
            .await?;
    for (id, sealed, reason, sender_hash) in reports {
        let reason = match reason {
            Some(r) => Some(move_text(&close_place(id), &r)?),
            None => None,
        };
        let sender_hash = match sender_hash {
            Some(_) => Some(fresh.sender(Sealed::open(old, id, &sealed)?.sender())),
            None => None,
        };
        sqlx::query(
            "UPDATE reports SET sealed = $1, close_reason = $2, sender_hash = $3 WHERE id = $4",
        )
        .bind(move_text(&report_place(id), &sealed)?)
        .bind(reason)
        .bind(sender_hash)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        n += 1;
    }
    let messages: Vec<(i64, i64, i64, String, String)> = sqlx::query_as(
        "SELECT id, report_id, created_at, kind, ciphertext FROM report_messages ORDER BY id",
    )
    .fetch_all(&mut **tx)
    .await?;
    for (id, report, at, kind, sealed) in messages {
        sqlx::query("UPDATE report_messages SET ciphertext = $1 WHERE id = $2")
            .bind(move_text(&message_place(report, at, &kind), &sealed)?)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        n += 1;
    }
    n += crate::rotate::reseal_blobs(
        tx,
        (old, fresh),
        "report_attachments",
        "report_id, created_at",
        attachment_place,
    )
    .await?;
    Ok(n)
}

/// Writes a message and its photos inside the caller's transaction.
macro_rules! insert_message {
    ($tx:ident, $keys:expr, $report:expr, $kind:expr, $author:expr, $at:expr, $text:expr, $photos:expr) => {{
        let kind: MessageKind = $kind;
        let sealed = $keys.seal(&message_place($report, $at, kind.code()), $text)?;
        let message: i64 = sqlx::query_scalar("INSERT INTO report_messages (report_id, kind, author, created_at, ciphertext) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind($report)
            .bind(kind.code())
            .bind($author)
            .bind($at)
            .bind(sealed)
            .fetch_one(&mut *$tx)
            .await?;
        let photos: &[Photo] = $photos;
        for photo in photos {
            let content = $keys.seal_bytes(&attachment_place($report, $at), &photo.bytes)?;
            sqlx::query("INSERT INTO report_attachments (report_id, message_id, media_type, width, height, created_at, content) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind($report)
                .bind(message)
                .bind(photo.media_type)
                .bind(i32::try_from(photo.width).unwrap_or(i32::MAX))
                .bind(i32::try_from(photo.height).unwrap_or(i32::MAX))
                .bind($at)
                .bind(content)
                .execute(&mut *$tx)
                .await?;
        }
        message
    }};
}
use insert_message;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporter_times_are_cut_to_the_hour() {
        assert_eq!(to_the_hour(7200), 7200);
        assert_eq!(to_the_hour(7199), 3600);
    }
}
