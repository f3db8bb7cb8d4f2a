//! Reports and their conversations: intake from every channel, the receipt a reporter keeps,
//! the staff inbox and its triage actions, promotion to a record, retention.
//!
//! Nothing about a reporter is stored: times of what they do are cut to the hour, their words
//! and photos are sealed with the data key, a receipt code is kept only as an argon2id hash.
//! That hash uses a random salt stored in `meta` (not derived from the data key, so rotating
//! the key never needs the codes), the same for every code, so a code is found by an index
//! lookup instead of a scan; its cost (one argon2id, tens of milliseconds) is what makes
//! guessing 10^16 codes hopeless, and the caller bounds how many run at once.

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

/// The `meta` row that holds the salt of receipt and sender hashes.
const SALT_NAME: &str = "report_salt";

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
}

/// One page of the inbox and how many reports match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportPage {
    pub reports: Vec<ReportSummary>,
    pub total: i64,
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
    /// The HTCDS codes and the country, confirmed or corrected.
    Codes {
        country: Option<Country>,
        modality: Flags<Exploitation>,
        means: Flags<MeansDetail>,
    },
    /// The same situation as report `of`.
    Duplicate(i64),
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
}

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
    created_at: i64,
    updated_at: i64,
}

const SUMMARY_COLUMNS: &str = "id, organisation_id, channel, language, status, urgent, country, lat, lon, happened, people, \
     ages, genders, signs, modality, means, contact, duplicate_of, record_id, created_at, updated_at";

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
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// The SQL condition of a filter. Literals come from closed sets (vocabulary codes, country
/// codes, bit positions); the language is bound as `$2`.
fn filter_sql(filter: &ReportFilter) -> String {
    let mut parts = vec!["organisation_id = $1".to_string()];
    if let Some(s) = filter.status {
        parts.push(format!("status = '{}'", s.code()));
    }
    if let Some(c) = filter.channel {
        parts.push(format!("channel = '{}'", c.code()));
    }
    if filter.language.is_some() {
        parts.push("language = $2".into());
    }
    if let Some(c) = filter.country {
        parts.push(format!("country = '{}'", c.alpha2()));
    }
    if let Some(m) = filter.modality {
        parts.push(format!("(modality & {}) <> 0", 1i64 << m.index()));
    }
    if let Some(u) = filter.urgent {
        parts.push(format!("urgent = {}", i32::from(u)));
    }
    parts.join(" AND ")
}

/// The one value a set holds, if it holds exactly one.
fn only<V: Vocabulary>(flags: &Flags<V>) -> Option<V> {
    let mut yes = flags.yes();
    match (yes.next(), yes.next()) {
        (Some(v), None) => Some(v),
        _ => None,
    }
}

/// The year a report was made in, as a record's year of registration.
fn year_of(at: i64) -> Option<Year> {
    let date = time::OffsetDateTime::from_unix_timestamp(at).ok()?;
    let year = date.year();
    Year::new(year.into(), u16::try_from(year).ok()?).ok()
}

/// The record a report becomes: the facts it states, unknown for everything it does not.
/// One record per report, even when it speaks of several people (HTCDS counts victims; staff
/// add the others when they know them).
pub fn record_from(report: &ReportSummary) -> Record {
    let mut exploitation = Flags::default();
    for e in report.modality.yes() {
        exploitation.put(e, Some(true));
    }
    let means_detail = report.means;
    Record {
        year: year_of(report.created_at),
        datasource: Some(DataSource::Hotline),
        gender: only(&report.genders),
        majority: only(&report.ages).map(|a| match a {
            AgeGroup::Children => Majority::Minor,
            AgeGroup::Adults => Majority::Adult,
        }),
        exploitation_country: report.country,
        exploitation,
        means_detail,
        means: faro_domain::record::rollup(&means_detail),
        ..Record::default()
    }
}

impl Store {
    /// The salt of receipt and sender hashes, made on first use and kept in `meta`.
    async fn report_salt(&self) -> Result<Vec<u8>, StoreError> {
        let salt = self
            .report_salt
            .get_or_try_init(|| async {
                let fresh = hex::encode(random_bytes::<16>()?);
                let insert =
                    "INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
                let select = "SELECT value FROM meta WHERE name = $1";
                let stored: String = with_pool!(self, |p| {
                    sqlx::query(insert)
                        .bind(SALT_NAME)
                        .bind(&fresh)
                        .execute(p)
                        .await?;
                    sqlx::query_scalar(select)
                        .bind(SALT_NAME)
                        .fetch_one(p)
                        .await?
                });
                hex::decode(&stored).map_err(|_| corrupt("meta.report_salt", &stored))
            })
            .await?;
        Ok(salt.clone())
    }

    /// The argon2id hash under which `secret` (a receipt code or a sender's number) is
    /// stored; `purpose` keeps a code and a number that happen to be equal apart.
    pub async fn lookup_hash(&self, purpose: &str, secret: &str) -> Result<String, StoreError> {
        let salt = self.report_salt().await?;
        let input = format!("{purpose}:{secret}");
        tokio::task::spawn_blocking(move || {
            let mut out = [0u8; 32];
            argon2::Argon2::default()
                .hash_password_into(input.as_bytes(), &salt, &mut out)
                .map(|()| hex::encode(out))
                .map_err(|e| StoreError::Invalid {
                    field: "receipt",
                    problem: format!("cannot be hashed: {e}"),
                })
        })
        .await
        .map_err(|_| StoreError::Invalid {
            field: "receipt",
            problem: "hashing was interrupted".into(),
        })?
    }

    /// Stores a report and its photos for `organisation`, durably, with its audit entry, and
    /// only then returns the receipt. `ctx` is the anonymous reporter (web), or the operator
    /// who took the call (phone), who must have the triage permission for `organisation`.
    /// `sender_hash` ties an SMS or chat conversation to its sender.
    pub async fn submit_report(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        draft: &ReportDraft,
        photos: &[Photo],
        sender_hash: Option<&str>,
    ) -> Result<Submitted, StoreError> {
        if draft.channel == Channel::Phone
            && !(ctx.has(Permission::TriageReports) && ctx.speaks_for(organisation))
        {
            return Err(StoreError::Forbidden {
                action: "take a report by phone for this organisation",
            });
        }
        let keys = self.current_keys().await?;
        let receipt = match draft.channel {
            Channel::Web | Channel::Phone => Some(self.new_receipt().await?),
            Channel::Sms | Channel::Chat => None,
        };
        let receipt_hash = match &receipt {
            Some((_, hash)) => Some(hash.clone()),
            None => None,
        };
        let at = to_the_hour(now());
        let mut signs = draft.signs;
        for s in signs_in_text(&draft.what).yes() {
            signs.put(s, Some(true));
        }
        let (modality, means) = codes_of(&signs);
        let insert = "INSERT INTO reports (organisation_id, channel, language, status, urgent, country, lat, lon, happened, people, \
                      ages, genders, signs, modality, means, contact, sealed, receipt_hash, sender_hash, created_at, updated_at) \
                      VALUES ($1, $2, $3, 'new', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, '', $16, $17, $18, $18) RETURNING id";
        let seal_sql = "UPDATE reports SET sealed = $1 WHERE id = $2";
        let sealed_fields = serde_json::to_string(&Sealed {
            place: draft.place.clone(),
            contact_detail: draft.contact_detail.clone(),
        })
        .map_err(|e| StoreError::Invalid {
            field: "report",
            problem: e.to_string(),
        })?;
        let id: i64 = in_transaction!(self, |tx, dialect| {
            if let Some(durable) = dialect.durable_commit() {
                sqlx::query(durable).execute(&mut *tx).await?;
            }
            let id: i64 = sqlx::query_scalar(insert)
                .bind(organisation.0)
                .bind(draft.channel.code())
                .bind(&draft.language)
                .bind(i32::from(draft.urgent))
                .bind(draft.country.map(|c| c.alpha2()))
                .bind(draft.point.map(|p| p.lat))
                .bind(draft.point.map(|p| p.lon))
                .bind(draft.when.map(|w| w.code()))
                .bind(draft.people.map(i32::from))
                .bind(set_bits(&draft.ages))
                .bind(set_bits(&draft.genders))
                .bind(set_bits(&draft.signs))
                .bind(set_bits(&modality))
                .bind(set_bits(&means))
                .bind(draft.contact.code())
                .bind(&receipt_hash)
                .bind(sender_hash)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(seal_sql)
                .bind(keys.seal(&report_place(id), &sealed_fields)?)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let author = if draft.channel == Channel::Phone {
                ctx.actor().to_string()
            } else {
                "reporter".to_string()
            };
            insert_message!(
                tx,
                keys,
                id,
                MessageKind::Report,
                &author,
                at,
                &draft.what,
                photos
            );
            let detail = json!({ "report_id": id, "channel": draft.channel.code(), "urgent": draft.urgent, "photos": photos.len() });
            let entry = Draft::new(Some(organisation), ctx, "report.submit", detail).at(at);
            append_audit!(self, tx, dialect, entry);
            id
        });
        Ok(Submitted {
            id,
            receipt: receipt.map(|(code, _)| code),
        })
    }

    /// A fresh receipt code and its hash; drawn again in the unlikely case it is taken.
    async fn new_receipt(&self) -> Result<(ReceiptCode, String), StoreError> {
        let taken = "SELECT COUNT(*) FROM reports WHERE receipt_hash = $1";
        for _ in 0..3 {
            let digits: String = random_bytes::<16>()?
                .iter()
                .map(|b| char::from(b'0' + b % 10))
                .collect();
            let code = ReceiptCode::parse(&digits).ok_or(StoreError::Invalid {
                field: "receipt",
                problem: "a fresh code is not sixteen digits".into(),
            })?;
            let hash = self.lookup_hash("receipt", code.digits()).await?;
            let n: i64 = with_pool!(self, |p| sqlx::query_scalar(taken)
                .bind(&hash)
                .fetch_one(p)
                .await?);
            if n == 0 {
                return Ok((code, hash));
            }
        }
        Err(StoreError::Conflict {
            what: "three fresh receipt codes in a row were taken".into(),
        })
    }

    /// The report a receipt code opens, if any. The hash is computed whatever the answer, so
    /// a wrong code costs as much as a right one.
    pub async fn report_id_by_receipt(
        &self,
        code: &ReceiptCode,
    ) -> Result<Option<i64>, StoreError> {
        let hash = self.lookup_hash("receipt", code.digits()).await?;
        let sql = "SELECT id FROM reports WHERE receipt_hash = $1";
        Ok(with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(&hash)
            .fetch_optional(p)
            .await?))
    }

    /// What the reporter of report `id` sees: its status and the conversation without staff
    /// notes. The caller found `id` by its receipt code.
    pub async fn follow_up(&self, id: i64) -> Result<FollowUp, StoreError> {
        let sql = "SELECT status, created_at FROM reports WHERE id = $1";
        let (status, created_at): (String, i64) = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(p)
            .await?)
        .ok_or(StoreError::NotFound { kind: "report", id })?;
        let messages = self
            .messages(id)
            .await?
            .into_iter()
            .filter(|m| m.kind.is_for_reporter())
            .collect();
        Ok(FollowUp {
            status: code_of("reports.status", &status)?,
            created_at,
            messages,
        })
    }

    /// A message (and photos) from the reporter of report `id`, found by its receipt code. A
    /// report that needed information goes back into review.
    pub async fn add_reporter_message(
        &self,
        ctx: &AccessContext,
        id: i64,
        text: &str,
        photos: &[Photo],
    ) -> Result<(), StoreError> {
        let keys = self.current_keys().await?;
        let at = to_the_hour(now());
        let organisation = self.report_organisation(id).await?;
        let touch = "UPDATE reports SET updated_at = $1, status = CASE WHEN status = 'needs_information' THEN 'in_review' ELSE status END WHERE id = $2";
        in_transaction!(self, |tx, dialect| {
            insert_message!(
                tx,
                keys,
                id,
                MessageKind::Reporter,
                "reporter",
                at,
                text,
                photos
            );
            sqlx::query(touch)
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let detail = json!({ "report_id": id, "photos": photos.len() });
            let entry = Draft::new(Some(organisation), ctx, "report.message", detail).at(at);
            append_audit!(self, tx, dialect, entry);
        });
        Ok(())
    }

    async fn report_organisation(&self, id: i64) -> Result<OrganisationId, StoreError> {
        let sql = "SELECT organisation_id FROM reports WHERE id = $1";
        let org: Option<i64> = with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        org.map(OrganisationId)
            .ok_or(StoreError::NotFound { kind: "report", id })
    }

    /// The report an SMS or chat sender's conversation continues: their latest that staff
    /// have not finished with.
    pub async fn open_report_of_sender(
        &self,
        organisation: OrganisationId,
        sender_hash: &str,
    ) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT id FROM reports WHERE organisation_id = $1 AND sender_hash = $2 \
                   AND status NOT IN ('duplicate', 'promoted', 'closed') ORDER BY id DESC LIMIT 1";
        Ok(with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(organisation.0)
            .bind(sender_hash)
            .fetch_optional(p)
            .await?))
    }

    /// The conversation of a report, oldest first, opened with the data key.
    async fn messages(&self, report_id: i64) -> Result<Vec<ReportMessage>, StoreError> {
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let sql = "SELECT id, kind, author, created_at, ciphertext FROM report_messages WHERE report_id = $1 ORDER BY id";
        let photos =
            "SELECT id, message_id FROM report_attachments WHERE report_id = $1 ORDER BY id";
        let (rows, attachments): (
            Vec<(i64, String, String, i64, String)>,
            Vec<(i64, Option<i64>)>,
        ) = with_pool!(self, |p| (
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

    /// A page of the inbox of the caller's organisation, urgent first, then newest. The read
    /// is audited with the ids it returns.
    pub async fn reports(
        &self,
        ctx: &AccessContext,
        filter: &ReportFilter,
        offset: i64,
        limit: i64,
    ) -> Result<ReportPage, StoreError> {
        let organisation = inbox_of(ctx)?;
        let condition = filter_sql(filter);
        let list = format!(
            "SELECT {SUMMARY_COLUMNS} FROM reports WHERE {condition} ORDER BY urgent DESC, id DESC LIMIT {} OFFSET {}",
            limit.clamp(1, 500),
            offset.max(0)
        );
        let count = format!("SELECT COUNT(*) FROM reports WHERE {condition}");
        let language = filter.language.clone().unwrap_or_default();
        let (rows, total): (Vec<SummaryRow>, i64) = with_pool!(self, |p| {
            let mut q = sqlx::query_as(&list).bind(organisation.0);
            let mut c = sqlx::query_scalar(&count).bind(organisation.0);
            if filter.language.is_some() {
                q = q.bind(&language);
                c = c.bind(&language);
            }
            (q.fetch_all(p).await?, c.fetch_one(p).await?)
        });
        let reports = rows
            .into_iter()
            .map(SummaryRow::into_summary)
            .collect::<Result<Vec<_>, _>>()?;
        let ids: Vec<i64> = reports.iter().map(|r| r.id).collect();
        self.audit(ctx, "reports.list", json!({ "report_ids": ids }))
            .await?;
        Ok(ReportPage { reports, total })
    }

    /// One report of the caller's organisation with its conversation; audited.
    pub async fn report(&self, ctx: &AccessContext, id: i64) -> Result<ReportDetail, StoreError> {
        let organisation = inbox_of(ctx)?;
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let sql =
            format!("SELECT {SUMMARY_COLUMNS} FROM reports WHERE id = $1 AND organisation_id = $2");
        let extra = "SELECT sealed, close_reason FROM reports WHERE id = $1";
        let (row, (sealed, reason)): (Option<SummaryRow>, (String, Option<String>)) =
            with_pool!(self, |p| {
                let row = sqlx::query_as(&sql)
                    .bind(id)
                    .bind(organisation.0)
                    .fetch_optional(p)
                    .await?;
                if row.is_none() {
                    return Err(StoreError::NotFound { kind: "report", id });
                }
                (row, sqlx::query_as(extra).bind(id).fetch_one(p).await?)
            });
        let summary = row
            .ok_or(StoreError::NotFound { kind: "report", id })?
            .into_summary()?;
        let fields: Sealed = serde_json::from_str(&keys.open(&report_place(id), &sealed)?)
            .map_err(|_| corrupt("reports.sealed", "not the sealed fields"))?;
        let close_reason = match reason {
            Some(r) => Some(keys.open(&format!("{} close", report_place(id)), &r)?),
            None => None,
        };
        let messages = self.messages(id).await?;
        self.audit(ctx, "report.read", json!({ "report_id": id }))
            .await?;
        Ok(ReportDetail {
            summary,
            place: fields.place,
            contact_detail: fields.contact_detail,
            close_reason,
            messages,
        })
    }

    /// A photo of a report of the caller's organisation; the download is audited.
    pub async fn attachment(
        &self,
        ctx: &AccessContext,
        report_id: i64,
        id: i64,
    ) -> Result<Attachment, StoreError> {
        let organisation = inbox_of(ctx)?;
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let sql = "SELECT a.media_type, a.created_at, a.content FROM report_attachments a JOIN reports r ON r.id = a.report_id \
                   WHERE a.id = $1 AND a.report_id = $2 AND r.organisation_id = $3";
        let row: Option<(String, i64, Vec<u8>)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(id)
            .bind(report_id)
            .bind(organisation.0)
            .fetch_optional(p)
            .await?);
        let (media_type, created_at, sealed) = row.ok_or(StoreError::NotFound {
            kind: "attachment",
            id,
        })?;
        let bytes = keys.open_bytes(&attachment_place(report_id, created_at), &sealed)?;
        self.audit(
            ctx,
            "report.attachment",
            json!({ "report_id": report_id, "attachment_id": id }),
        )
        .await?;
        Ok(Attachment {
            id,
            report_id,
            media_type,
            bytes,
        })
    }

    /// Applies a triage action to a report of the caller's organisation, with its audit
    /// entry in the same transaction. A finished report (duplicate, promoted, closed) takes
    /// only notes and a reopening. Promotion returns the new record's id.
    pub async fn triage(
        &self,
        ctx: &AccessContext,
        id: i64,
        action: &Triage,
    ) -> Result<Option<i64>, StoreError> {
        if !ctx.has(Permission::TriageReports) {
            return Err(StoreError::Forbidden {
                action: "act on reports",
            });
        }
        let organisation = inbox_of(ctx)?;
        let keys = self.current_keys().await?;
        let at = now();
        let intake = match action {
            Triage::Promote => Some(self.intake_source(organisation).await?),
            _ => None,
        };
        let status_sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM reports WHERE id = $1 AND organisation_id = $2{{lock}}"
        );
        let record_id = in_transaction!(self, |tx, dialect| {
            let sql = status_sql.replace("{lock}", dialect.for_update());
            let row: Option<SummaryRow> = sqlx::query_as(&sql)
                .bind(id)
                .bind(organisation.0)
                .fetch_optional(&mut *tx)
                .await?;
            let report = row
                .ok_or(StoreError::NotFound { kind: "report", id })?
                .into_summary()?;
            check_allowed(&report, action)?;
            let mut detail = json!({ "report_id": id });
            let mut record_id = None;
            let status: Option<ReportStatus> = match action {
                Triage::Review => Some(ReportStatus::InReview),
                Triage::Reply(text) | Triage::Note(text) | Triage::Ask(text) => {
                    let kind = if matches!(action, Triage::Note(_)) {
                        MessageKind::Note
                    } else {
                        MessageKind::Staff
                    };
                    insert_message!(tx, keys, id, kind, ctx.actor(), at, text, &[]);
                    match action {
                        Triage::Ask(_) => Some(ReportStatus::NeedsInformation),
                        Triage::Reply(_) if report.status == ReportStatus::New => {
                            Some(ReportStatus::InReview)
                        }
                        _ => None,
                    }
                }
                Triage::Codes {
                    country,
                    modality,
                    means,
                } => {
                    sqlx::query(
                        "UPDATE reports SET country = $1, modality = $2, means = $3 WHERE id = $4",
                    )
                    .bind(country.map(|c| c.alpha2()))
                    .bind(set_bits(modality))
                    .bind(set_bits(means))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    detail["country"] = json!(country.map(|c| c.alpha2()));
                    detail["modality"] =
                        json!(modality.yes().map(|m| m.code()).collect::<Vec<_>>());
                    detail["means"] = json!(means.yes().map(|m| m.code()).collect::<Vec<_>>());
                    (report.status == ReportStatus::New).then_some(ReportStatus::InReview)
                }
                Triage::Duplicate(of) => {
                    let same: Option<i64> = sqlx::query_scalar(
                        "SELECT id FROM reports WHERE id = $1 AND organisation_id = $2",
                    )
                    .bind(of)
                    .bind(organisation.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if same.is_none() || *of == id {
                        return Err(StoreError::Invalid {
                            field: "duplicate_of",
                            problem: format!(
                                "`{of}` is not another report of this organisation; give the number of the report this one repeats"
                            ),
                        });
                    }
                    sqlx::query(
                        "UPDATE reports SET duplicate_of = $1, closed_at = $2 WHERE id = $3",
                    )
                    .bind(of)
                    .bind(at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    detail["duplicate_of"] = json!(of);
                    Some(ReportStatus::Duplicate)
                }
                Triage::Promote => {
                    let source = intake.unwrap_or_default();
                    let rid = insert_record!(tx, source, &record_from(&report));
                    sqlx::query("UPDATE sources SET revision = revision + 1, rows_read = rows_read + 1, rows_imported = rows_imported + 1, finished_at = $1 WHERE id = $2")
                        .bind(at)
                        .bind(source)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("UPDATE reports SET record_id = $1, closed_at = $2 WHERE id = $3")
                        .bind(rid)
                        .bind(at)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    detail["record_id"] = json!(rid);
                    detail["source_id"] = json!(source);
                    record_id = Some(rid);
                    Some(ReportStatus::Promoted)
                }
                Triage::Close(reason) => {
                    let sealed = keys.seal(&format!("{} close", report_place(id)), reason)?;
                    sqlx::query(
                        "UPDATE reports SET close_reason = $1, closed_at = $2 WHERE id = $3",
                    )
                    .bind(sealed)
                    .bind(at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    Some(ReportStatus::Closed)
                }
                Triage::Reopen => {
                    sqlx::query(
                        "UPDATE reports SET closed_at = NULL, duplicate_of = NULL WHERE id = $1",
                    )
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    Some(ReportStatus::InReview)
                }
            };
            if let Some(s) = status {
                sqlx::query("UPDATE reports SET status = $1 WHERE id = $2")
                    .bind(s.code())
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                detail["status"] = json!(s.code());
            }
            let entry = Draft::new(Some(organisation), ctx, action.action(), detail);
            append_audit!(self, tx, dialect, entry);
            record_id
        });
        Ok(record_id)
    }

    /// The organisation's intake source (promoted reports), created empty on first use.
    async fn intake_source(&self, organisation: OrganisationId) -> Result<i64, StoreError> {
        let find = "SELECT id FROM sources WHERE organisation_id = $1 AND layout = 'intake' ORDER BY id LIMIT 1";
        let existing: Option<i64> = with_pool!(self, |p| sqlx::query_scalar(find)
            .bind(organisation.0)
            .fetch_optional(p)
            .await?);
        if let Some(id) = existing {
            return Ok(id);
        }
        let create = "INSERT INTO sources (name, file_name, sha256, layout, kind, status, started_at, finished_at, organisation_id) \
                      VALUES ($1, NULL, $2, 'intake', 'import', 'complete', $3, $3, $4) RETURNING id";
        let sha = format!("intake of organisation {}", organisation.0);
        Ok(with_pool!(self, |p| sqlx::query_scalar(create)
            .bind("Reports promoted to records")
            .bind(&sha)
            .bind(now())
            .bind(organisation.0)
            .fetch_one(p)
            .await?))
    }

    /// Deletes reports closed (or finished as duplicates or records) before `before`, with
    /// their messages and photos, and says in each organisation's chain how many went.
    /// Returns how many reports were deleted.
    pub async fn delete_closed_reports(
        &self,
        ctx: &AccessContext,
        before: i64,
    ) -> Result<u64, StoreError> {
        if !ctx.is_instance() {
            return Err(StoreError::Forbidden {
                action: "apply the retention of reports (only the instance operator may)",
            });
        }
        let due = "SELECT organisation_id, COUNT(*) FROM reports WHERE closed_at IS NOT NULL AND closed_at < $1 GROUP BY organisation_id ORDER BY organisation_id";
        let delete = "DELETE FROM reports WHERE closed_at IS NOT NULL AND closed_at < $1 AND organisation_id = $2";
        let unlink = "UPDATE reports SET duplicate_of = NULL WHERE duplicate_of IN (SELECT id FROM reports WHERE closed_at IS NOT NULL AND closed_at < $1 AND organisation_id = $2)";
        let deleted = in_transaction!(self, |tx, dialect| {
            let counts: Vec<(i64, i64)> =
                sqlx::query_as(due).bind(before).fetch_all(&mut *tx).await?;
            let mut deleted = 0u64;
            for (org, n) in counts {
                sqlx::query(unlink)
                    .bind(before)
                    .bind(org)
                    .execute(&mut *tx)
                    .await?;
                deleted += sqlx::query(delete)
                    .bind(before)
                    .bind(org)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                let detail = json!({ "reports": n, "closed_before": before });
                let entry = Draft::new(Some(OrganisationId(org)), ctx, "report.delete", detail);
                append_audit!(self, tx, dialect, entry);
            }
            deleted
        });
        Ok(deleted)
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
    for<'r> (i64, String, Option<String>): sqlx::FromRow<'r, DB::Row>,
    for<'r> (i64, i64, i64, String, String): sqlx::FromRow<'r, DB::Row>,
    for<'r> (i64, i64, i64, Vec<u8>): sqlx::FromRow<'r, DB::Row>,
{
    let move_text = |place: &str, sealed: &str| fresh.seal(place, &old.open(place, sealed)?);
    let mut n = 0;
    let reports: Vec<(i64, String, Option<String>)> =
        sqlx::query_as("SELECT id, sealed, close_reason FROM reports ORDER BY id")
            .fetch_all(&mut **tx)
            .await?;
    for (id, sealed, reason) in reports {
        let reason = match reason {
            Some(r) => Some(move_text(&format!("{} close", report_place(id)), &r)?),
            None => None,
        };
        sqlx::query("UPDATE reports SET sealed = $1, close_reason = $2 WHERE id = $3")
            .bind(move_text(&report_place(id), &sealed)?)
            .bind(reason)
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
    let ids: Vec<(i64, i64, i64, Vec<u8>)> = sqlx::query_as(
        "SELECT id, report_id, created_at, content FROM report_attachments ORDER BY id",
    )
    .fetch_all(&mut **tx)
    .await?;
    for (id, report, at, sealed) in ids {
        let place = attachment_place(report, at);
        sqlx::query("UPDATE report_attachments SET content = $1 WHERE id = $2")
            .bind(fresh.seal_bytes(&place, &old.open_bytes(&place, &sealed)?)?)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        n += 1;
    }
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

/// Inserts one record into `source` inside the caller's transaction; its id.
macro_rules! insert_record {
    ($tx:ident, $source:expr, $record:expr) => {{
        let columns = crate::row::COLUMNS;
        let placeholders: Vec<String> = (3..columns.len() + 3).map(|i| format!("${i}")).collect();
        let sql = format!(
            "INSERT INTO records (source_id, record_key, {}) VALUES ($1, $2, {}) RETURNING id",
            columns.join(", "),
            placeholders.join(", ")
        );
        let key = i64::from(u32::from_le_bytes(random_bytes::<4>()?));
        let mut q = sqlx::query_scalar(&sql).bind($source).bind(key);
        for v in crate::row::values($record) {
            q = match v {
                crate::row::Val::Int(i) => q.bind(i),
                crate::row::Val::Text(t) => q.bind(t),
            };
        }
        let id: i64 = q.fetch_one(&mut *$tx).await?;
        id
    }};
}
use insert_record;

/// The organisation whose inbox the caller reads; `Forbidden` without the inbox permission.
fn inbox_of(ctx: &AccessContext) -> Result<OrganisationId, StoreError> {
    match ctx.organisation() {
        Some(o) if ctx.has(Permission::ReportsInbox) => Ok(o),
        _ if ctx.is_instance() => Ok(crate::DEFAULT_ORGANISATION),
        _ => Err(StoreError::Forbidden {
            action: "read the reports inbox",
        }),
    }
}

/// Refuses actions that a report's state does not allow, with what to do instead.
fn check_allowed(report: &ReportSummary, action: &Triage) -> Result<(), StoreError> {
    let finished = report.status.is_final();
    let refuse = |problem: &str| {
        Err(StoreError::Invalid {
            field: "action",
            problem: problem.into(),
        })
    };
    match action {
        Triage::Note(_) => Ok(()),
        Triage::Reopen if !finished => {
            refuse("the report is still open; only a finished report can be reopened")
        }
        Triage::Reopen => Ok(()),
        Triage::Reply(_) | Triage::Ask(_)
            if report.contact != ContactWay::FollowUp && report.channel == Channel::Web =>
        {
            refuse("the reporter asked not to be contacted through this site; add a note instead")
        }
        _ if finished => {
            refuse("the report is finished (duplicate, promoted or closed); reopen it first")
        }
        Triage::Review if report.status != ReportStatus::New => {
            refuse("the report is already in review")
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporter_times_are_cut_to_the_hour() {
        assert_eq!(to_the_hour(7200), 7200);
        assert_eq!(to_the_hour(7199), 3600);
    }

    #[test]
    fn a_filter_binds_the_language_and_inlines_only_closed_set_literals() {
        let f = ReportFilter {
            status: Some(ReportStatus::NeedsInformation),
            language: Some("es'; DROP TABLE reports; --".into()),
            modality: Some(Exploitation::ForcedLabour),
            urgent: Some(true),
            ..ReportFilter::default()
        };
        let sql = filter_sql(&f);
        assert_eq!(
            sql,
            "organisation_id = $1 AND status = 'needs_information' AND language = $2 AND (modality & 1) <> 0 AND urgent = 1"
        );
    }

    #[test]
    fn a_promoted_report_states_only_what_it_knows() {
        let mut genders = Flags::default();
        genders.put(Gender::Female, Some(true));
        let mut ages = Flags::default();
        ages.put(AgeGroup::Children, Some(true));
        ages.put(AgeGroup::Adults, Some(true));
        let mut means = Flags::default();
        means.put(MeansDetail::WithholdsDocuments, Some(true));
        let report = ReportSummary {
            id: 1,
            organisation: OrganisationId(1),
            channel: Channel::Web,
            language: "en".into(),
            status: ReportStatus::InReview,
            urgent: false,
            country: Country::from_alpha2("PT"),
            point: None,
            when: None,
            people: Some(2),
            ages,
            genders,
            signs: Flags::default(),
            modality: Flags::default(),
            means,
            contact: ContactWay::NoContact,
            duplicate_of: None,
            record_id: None,
            created_at: 1_767_225_600, // 2026-01-01
            updated_at: 1_767_225_600,
        };
        let r = record_from(&report);
        assert_eq!(r.year.map(Year::get), Some(2026));
        assert_eq!(r.gender, Some(Gender::Female));
        assert_eq!(r.majority, None, "children and adults: no single majority");
        assert_eq!(r.exploitation_country, Country::from_alpha2("PT"));
        assert_eq!(
            r.means_detail.get(MeansDetail::WithholdsDocuments),
            Some(true)
        );
        assert_eq!(r.means_detail.get(MeansDetail::Threats), None);
        assert!(r.check_consistency().is_empty());
    }
}
