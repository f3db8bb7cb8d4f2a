//! The staff inbox: filtered pages, a report with its conversation, photos, and the triage
//! actions, each audited with its change; promotion makes a record of the organisation's
//! intake source.

use super::*;

/// A report's row with its sealed fields.
#[derive(sqlx::FromRow)]
struct DetailRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    sealed: String,
    close_reason: Option<String>,
}

/// The reports and what triage suggested for them, as the inbox reads them when it filters by
/// a suggestion (`report_triage`'s columns are prefixed, so `reports`' names stay unambiguous).
const WITH_TRIAGE: &str = "reports LEFT JOIN report_triage ON report_triage.report_id = reports.id";

/// The inbox's order: flagged or looking urgent first, then newest; the expression of the
/// index `reports_first`, which serves it.
const FIRST: &str = "CASE WHEN urgent = 1 OR looks_urgent = 1 THEN 1 ELSE 0 END DESC, id DESC";

/// The SQL condition of a filter, with the texts it binds after the organisation (`$1`), in
/// order. Literals come from closed sets (vocabulary codes, country codes, bit positions).
fn filter_sql(filter: &ReportFilter) -> (String, Vec<String>) {
    let mut parts = vec!["organisation_id = $1".to_string()];
    let mut binds = Vec::new();
    let mut bind = |parts: &mut Vec<String>, column: &str, value: &String| {
        binds.push(value.clone());
        parts.push(format!("{column} = ${}", binds.len() + 1));
    };
    if let Some(s) = filter.status {
        parts.push(format!("status = '{}'", s.code()));
    }
    if let Some(c) = filter.channel {
        parts.push(format!("channel = '{}'", c.code()));
    }
    if let Some(language) = &filter.language {
        bind(&mut parts, "language", language);
    }
    if let Some(written) = &filter.written {
        bind(&mut parts, "triage_language", written);
    }
    if let Some(m) = filter.suggested {
        parts.push(format!("(triage_modality & {}) <> 0", 1i64 << m.index()));
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
    match filter.assignee {
        Some(Assigned::Nobody) => parts.push("assignee IS NULL".into()),
        Some(Assigned::To(user)) => parts.push(format!("assignee = {user}")),
        None => {}
    }
    (parts.join(" AND "), binds)
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
    /// A page of the inbox of the caller's organisation, urgent first (flagged so, or looking
    /// so to triage), then newest. The read is audited with the ids it returns.
    pub async fn reports(
        &self,
        ctx: &AccessContext,
        filter: &ReportFilter,
        offset: i64,
        limit: i64,
    ) -> Result<ReportPage, StoreError> {
        let organisation = inbox_of(ctx)?;
        let (condition, binds) = filter_sql(filter);
        let from = if filter.suggested.is_some() || filter.written.is_some() {
            WITH_TRIAGE
        } else {
            "reports"
        };
        let list = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {from} WHERE {condition} ORDER BY {FIRST} LIMIT {} OFFSET {}",
            limit.clamp(1, 500),
            offset.max(0)
        );
        let count = format!("SELECT COUNT(*) FROM {from} WHERE {condition}");
        let (rows, total): (Vec<SummaryRow>, i64) = with_pool!(self, |p| {
            let mut q = sqlx::query_as(&list).bind(organisation.0);
            let mut c = sqlx::query_scalar(&count).bind(organisation.0);
            for value in &binds {
                q = q.bind(value);
                c = c.bind(value);
            }
            (q.fetch_all(p).await?, c.fetch_one(p).await?)
        });
        let reports = rows
            .into_iter()
            .map(SummaryRow::into_summary)
            .collect::<Result<Vec<_>, _>>()?;
        let ids: Vec<i64> = reports.iter().map(|r| r.id).collect();
        let previews = self.previews(&ids).await?;
        let suggestions = self.suggestions(&ids).await?;
        self.audit(ctx, "reports.list", json!({ "report_ids": ids }))
            .await?;
        Ok(ReportPage {
            reports,
            total,
            previews,
            suggestions,
        })
    }

    /// The first words of each report's own text (what the reporter first wrote), so that the
    /// inbox can be read without opening every report. The ids come from the database.
    async fn previews(&self, ids: &[i64]) -> Result<HashMap<i64, String>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT report_id, created_at, ciphertext FROM report_messages WHERE kind = 'report' AND report_id IN ({}) ORDER BY id",
            list.join(", ")
        );
        let rows: Vec<(i64, i64, String)> =
            with_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        let mut previews = HashMap::new();
        for (report_id, created_at, sealed) in rows {
            let place = message_place(report_id, created_at, MessageKind::Report.code());
            let text = keys.open(&place, &sealed)?;
            let preview = preview(&text);
            if !preview.is_empty() {
                previews.entry(report_id).or_insert(preview);
            }
        }
        Ok(previews)
    }

    /// One report of the caller's organisation with its conversation; audited.
    pub async fn report(&self, ctx: &AccessContext, id: i64) -> Result<ReportDetail, StoreError> {
        let organisation = inbox_of(ctx)?;
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, sealed, close_reason FROM reports WHERE id = $1 AND organisation_id = $2"
        );
        let row: Option<DetailRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .bind(organisation.0)
            .fetch_optional(p)
            .await?);
        let row = row.ok_or(StoreError::NotFound { kind: "report", id })?;
        let fields = Sealed::open(&keys, id, &row.sealed)?;
        let close_reason = match row.close_reason {
            Some(r) => Some(keys.open(&close_place(id), &r)?),
            None => None,
        };
        let summary = row.summary.into_summary()?;
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

    /// A photo of a report of the caller's organisation, for those who act on reports (a
    /// photo shows faces, plates and places that no masking of words hides: an analyst reads
    /// reports without them); the download is audited.
    pub async fn attachment(
        &self,
        ctx: &AccessContext,
        report_id: i64,
        id: i64,
    ) -> Result<Attachment, StoreError> {
        let organisation = inbox_of(ctx)?;
        if !ctx.has(Permission::TriageReports) && !ctx.is_instance() {
            return Err(StoreError::Forbidden {
                action: "report_photo",
            });
        }
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
                action: "act_on_reports",
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
                        // A promoted or duplicate report keeps its status while it talks.
                        Triage::Ask(_) if !report.status.is_final() => {
                            Some(ReportStatus::NeedsInformation)
                        }
                        Triage::Reply(_) if report.status == ReportStatus::New => {
                            Some(ReportStatus::InReview)
                        }
                        _ => None,
                    }
                }
                Triage::Codes {
                    country,
                    point,
                    modality,
                    means,
                } => {
                    let point = point.or(report.point);
                    let sql = "UPDATE reports SET country = $1, modality = $2, means = $3, lat = $4, lon = $5 WHERE id = $6";
                    sqlx::query(sql)
                        .bind(country.map(|c| c.alpha2()))
                        .bind(set_bits(modality))
                        .bind(set_bits(means))
                        .bind(point.map(|p| p.lat))
                        .bind(point.map(|p| p.lon))
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    detail["point"] = json!(point.is_some());
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
                            problem: faro_domain::Message::new(
                                faro_domain::refusal::NOT_A_DUPLICATE,
                            )
                            .with("of", of),
                        });
                    }
                    // The conversation goes on: only closing ends it (and starts retention).
                    sqlx::query("UPDATE reports SET duplicate_of = $1 WHERE id = $2")
                        .bind(of)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    detail["duplicate_of"] = json!(of);
                    Some(ReportStatus::Duplicate)
                }
                Triage::Assign(user) => {
                    if let Some(user) = user {
                        let sql = "SELECT role FROM users WHERE id = $1 AND organisation_id = $2 AND disabled = 0";
                        let role: Option<String> = sqlx::query_scalar(sql)
                            .bind(user)
                            .bind(organisation.0)
                            .fetch_optional(&mut *tx)
                            .await?;
                        let triages = role
                            .and_then(|r| faro_domain::Role::from_code(&r))
                            .is_some_and(|r| r.permissions().contains(&Permission::TriageReports));
                        if !triages {
                            return Err(StoreError::Invalid {
                                field: "assignee",
                                problem: faro_domain::Message::new(
                                    faro_domain::refusal::NOT_AN_ASSIGNEE,
                                ),
                            });
                        }
                    }
                    sqlx::query("UPDATE reports SET assignee = $1 WHERE id = $2")
                        .bind(user)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    detail["assignee"] = json!(user);
                    None
                }
                Triage::Promote => {
                    let source = intake.unwrap_or_default();
                    let rid = insert_record!(tx, source, &record_from(&report));
                    sqlx::query("UPDATE sources SET revision = revision + 1, rows_read = rows_read + 1, rows_imported = rows_imported + 1, finished_at = $1 WHERE id = $2")
                        .bind(at)
                        .bind(source)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("UPDATE reports SET record_id = $1 WHERE id = $2")
                        .bind(rid)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    detail["record_id"] = json!(rid);
                    detail["source_id"] = json!(source);
                    record_id = Some(rid);
                    Some(ReportStatus::Promoted)
                }
                Triage::Close(reason) => {
                    let sealed = keys.seal(&close_place(id), reason)?;
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
}

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
pub(super) fn inbox_of(ctx: &AccessContext) -> Result<OrganisationId, StoreError> {
    match ctx.organisation() {
        Some(o) if ctx.has(Permission::ReportsInbox) => Ok(o),
        _ if ctx.is_instance() => Ok(crate::DEFAULT_ORGANISATION),
        _ => Err(StoreError::Forbidden {
            action: "read_inbox",
        }),
    }
}

/// At most [`PREVIEW_CHARS`] characters of a text's first line, cut at a word, with "…"
/// when cut.
fn preview(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default().trim();
    if line.chars().count() <= PREVIEW_CHARS {
        return line.to_string();
    }
    let cut: String = line.chars().take(PREVIEW_CHARS).collect();
    let words = match cut.rfind(char::is_whitespace) {
        Some(at) if at > PREVIEW_CHARS / 2 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", words.trim_end())
}

const PREVIEW_CHARS: usize = 140;

/// Refuses actions that a report's state does not allow, with what to do instead. A promoted
/// or duplicate report is finished as a case to triage, but its conversation goes on until it
/// is closed.
fn check_allowed(report: &ReportSummary, action: &Triage) -> Result<(), StoreError> {
    let finished = report.status.is_final();
    let closed = report.status == ReportStatus::Closed;
    let refuse = |key: &'static str| Err(StoreError::invalid("action", key));
    match action {
        Triage::Note(_) => Ok(()),
        Triage::Reopen if !finished => refuse(faro_domain::refusal::REPORT_STILL_OPEN),
        Triage::Reopen => Ok(()),
        Triage::Reply(_) | Triage::Ask(_)
            if report.contact != ContactWay::FollowUp && report.channel == Channel::Web =>
        {
            refuse(faro_domain::refusal::REPORT_NO_CONTACT)
        }
        _ if closed => refuse(faro_domain::refusal::REPORT_FINISHED),
        Triage::Reply(_) | Triage::Ask(_) | Triage::Close(_) | Triage::Assign(_) => Ok(()),
        _ if finished => refuse(faro_domain::refusal::REPORT_FINISHED),
        Triage::Review if report.status != ReportStatus::New => {
            refuse(faro_domain::refusal::REPORT_IN_REVIEW)
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_binds_the_languages_and_inlines_only_closed_set_literals() {
        let f = ReportFilter {
            status: Some(ReportStatus::NeedsInformation),
            language: Some("es'; DROP TABLE reports; --".into()),
            modality: Some(Exploitation::ForcedLabour),
            urgent: Some(true),
            suggested: Some(Exploitation::SexualExploitation),
            written: Some("fr' OR 1 = 1".into()),
            ..ReportFilter::default()
        };
        let (sql, binds) = filter_sql(&f);
        assert_eq!(
            sql,
            "organisation_id = $1 AND status = 'needs_information' AND language = $2 AND triage_language = $3 \
             AND (triage_modality & 2) <> 0 AND (modality & 1) <> 0 AND urgent = 1"
        );
        assert_eq!(binds, ["es'; DROP TABLE reports; --", "fr' OR 1 = 1"]);
        let written_only = ReportFilter {
            written: Some("other".into()),
            ..ReportFilter::default()
        };
        assert_eq!(
            filter_sql(&written_only),
            (
                "organisation_id = $1 AND triage_language = $2".to_string(),
                vec!["other".to_string()]
            )
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
            assignee: None,
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
