//! Intake: a report stored durably with its audit entry before its receipt exists, receipt
//! hashes (argon2id under the stored salt), SMS senders' keyed hashes, follow-up by the
//! reporter.

use super::*;

/// The `meta` row that holds the salt of receipt hashes.
const SALT_NAME: &str = "report_salt";

/// Sixteen uniformly random digits: random bytes of 250 or more are drawn again, so that no
/// digit is likelier than another (256 is not a multiple of 10).
fn random_digits() -> Result<String, StoreError> {
    let mut digits = String::with_capacity(ReceiptCode::DIGITS);
    while digits.len() < ReceiptCode::DIGITS {
        for b in random_bytes::<32>()? {
            if b < 250 && digits.len() < ReceiptCode::DIGITS {
                digits.push(char::from(b'0' + b % 10));
            }
        }
    }
    Ok(digits)
}

/// A receipt code about to be given and the hash it is stored under.
pub struct Receipt {
    code: ReceiptCode,
    hash: String,
}

impl std::fmt::Debug for Receipt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Receipt(…)")
    }
}

impl Store {
    /// The salt of receipt hashes, made on first use and kept in `meta`.
    pub(super) async fn report_salt(&self) -> Result<Vec<u8>, StoreError> {
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

    /// The argon2id hash under which a receipt code is stored. It is not keyed: the code
    /// is never kept, so a keyed hash could not follow a new data key, and 10^16 codes need
    /// no key (an SMS sender's number does: [`crate::keys::Keys::sender`]).
    async fn receipt_hash(&self, code: &ReceiptCode) -> Result<String, StoreError> {
        let salt = self.report_salt().await?;
        let input = format!("receipt:{}", code.digits());
        tokio::task::spawn_blocking(move || {
            let mut out = [0u8; 32];
            crate::hash::raw(input.as_bytes(), &salt, &mut out).map(|()| hex::encode(out))
        })
        .await
        .map_err(|e| StoreError::Interrupted(e.to_string()))?
        .map_err(StoreError::from)
    }

    /// Stores a report and its photos for `organisation`, durably, with its audit entry, and
    /// only then returns the receipt. `ctx` is the anonymous reporter (web), or the operator
    /// who took the call (phone), who must have the triage permission for `organisation`.
    /// `sender` ties an SMS or chat conversation to its sender and gateway; `receipt`
    /// (from [`Store::fresh_receipt`], needed for web and phone reports) is what the reporter
    /// will keep.
    pub async fn submit_report(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        draft: &ReportDraft,
        photos: &[Photo],
        sender: Option<Sender<'_>>,
        receipt: Option<Receipt>,
    ) -> Result<Submitted, StoreError> {
        if draft.channel == Channel::Phone
            && !(ctx.has(Permission::TriageReports) && ctx.speaks_for(organisation))
        {
            return Err(StoreError::Forbidden {
                action: "phone_report",
            });
        }
        let follows_up = matches!(draft.channel, Channel::Web | Channel::Phone);
        if follows_up != receipt.is_some() {
            return Err(StoreError::Internal(
                "web and phone reports take a receipt; SMS and chat reports do not".into(),
            ));
        }
        let keys = self.current_keys().await?;
        let receipt_hash = receipt.as_ref().map(|r| r.hash.clone());
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
            gateway: sender.map(|s| s.gateway.to_string()),
            sender: sender.map(|s| s.number.trim().to_string()),
        })
        .map_err(|e| StoreError::Internal(format!("a report's conversation: {e}")))?;
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
                .bind(sender.map(|s| keys.sender(s.number)))
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
            let entry = Draft::new(Some(organisation), ctx, "report.submit", detail)
                .at(at)
                .in_intake(organisation);
            append_audit!(self, tx, dialect, entry);
            id
        });
        Ok(Submitted {
            id,
            receipt: receipt.map(|r| r.code),
        })
    }

    /// A fresh receipt code and its hash, for [`Store::submit_report`]: one argon2id hash,
    /// done apart from the report's transaction so that the caller can bound how many run at
    /// once without holding a slot through the commit. Drawn again in the unlikely case it is
    /// taken.
    pub async fn fresh_receipt(&self) -> Result<Receipt, StoreError> {
        let taken = "SELECT COUNT(*) FROM reports WHERE receipt_hash = $1";
        for _ in 0..3 {
            let digits = random_digits()?;
            let code = ReceiptCode::parse(&digits).ok_or(StoreError::Internal(
                "a fresh receipt code is not sixteen digits".into(),
            ))?;
            let hash = self.receipt_hash(&code).await?;
            let n: i64 = with_pool!(self, |p| sqlx::query_scalar(taken)
                .bind(&hash)
                .fetch_one(p)
                .await?);
            if n == 0 {
                return Ok(Receipt { code, hash });
            }
        }
        Err(StoreError::Internal(
            "three fresh receipt codes in a row were taken".into(),
        ))
    }

    /// The report a receipt code opens, if any. The hash is computed whatever the answer, so
    /// a wrong code costs as much as a right one.
    pub async fn report_id_by_receipt(
        &self,
        code: &ReceiptCode,
    ) -> Result<Option<i64>, StoreError> {
        let hash = self.receipt_hash(code).await?;
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
    /// report that needed information goes back into review; a closed one takes no more.
    pub async fn add_reporter_message(
        &self,
        ctx: &AccessContext,
        id: i64,
        text: &str,
        photos: &[Photo],
    ) -> Result<(), StoreError> {
        let keys = self.current_keys().await?;
        let at = to_the_hour(now());
        let (organisation, closed) = self.report_organisation(id).await?;
        if closed {
            return Err(StoreError::invalid(
                "report",
                faro_domain::refusal::REPORT_FINISHED,
            ));
        }
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
            let entry = Draft::new(Some(organisation), ctx, "report.message", detail)
                .at(at)
                .in_intake(organisation);
            append_audit!(self, tx, dialect, entry);
        });
        Ok(())
    }

    /// The organisation of report `id`, and whether it is closed.
    async fn report_organisation(&self, id: i64) -> Result<(OrganisationId, bool), StoreError> {
        let sql = "SELECT organisation_id, status FROM reports WHERE id = $1";
        let row: Option<(i64, String)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.map(|(o, status)| (OrganisationId(o), status == ReportStatus::Closed.code()))
            .ok_or(StoreError::NotFound { kind: "report", id })
    }

    /// How to reach the reporter of a report of the caller's organisation, to send a staff
    /// message the way they wrote (SMS, chat). Not audited on its own: it is read for a reply,
    /// which is.
    pub async fn reply_route(
        &self,
        ctx: &AccessContext,
        id: i64,
    ) -> Result<ReplyRoute, StoreError> {
        let organisation = inbox::inbox_of(ctx)?;
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let sql = "SELECT channel, sealed FROM reports WHERE id = $1 AND organisation_id = $2";
        let row: Option<(String, String)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(id)
            .bind(organisation.0)
            .fetch_optional(p)
            .await?);
        let (channel, sealed) = row.ok_or(StoreError::NotFound { kind: "report", id })?;
        let fields = Sealed::open(&keys, id, &sealed)?;
        Ok(ReplyRoute {
            channel: code_of("reports.channel", &channel)?,
            gateway: fields.gateway,
            contact_detail: fields.contact_detail,
        })
    }

    /// The report an SMS or chat sender's conversation continues: their latest that staff
    /// have not finished with. `number` is found by its keyed hash.
    pub async fn open_report_of_sender(
        &self,
        organisation: OrganisationId,
        number: &str,
    ) -> Result<Option<i64>, StoreError> {
        let sender_hash = self.current_keys().await?.sender(number);
        let sql = "SELECT id FROM reports WHERE organisation_id = $1 AND sender_hash = $2 \
                   AND status NOT IN ('duplicate', 'promoted', 'closed') ORDER BY id DESC LIMIT 1";
        Ok(with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(organisation.0)
            .bind(&sender_hash)
            .fetch_optional(p)
            .await?))
    }

    /// Keys the sender hashes stored before they were keyed (argon2id under the salt in
    /// `meta`, which a copy of the database could test guesses against): once, when the
    /// store is first unlocked with its key, from the numbers sealed beside them.
    pub(crate) async fn upgrade_sender_hashes(&self) -> Result<(), StoreError> {
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let done_sql = "SELECT value FROM meta WHERE name = 'sender_hashes'";
        let rows_sql = "SELECT id, sealed FROM reports WHERE sender_hash IS NOT NULL ORDER BY id";
        let set = "UPDATE reports SET sender_hash = $1 WHERE id = $2";
        in_transaction!(self, |tx, dialect| {
            let lock = format!("{}{}", crate::KEY_CHECK_SQL, dialect.for_update());
            sqlx::query_scalar::<_, String>(&lock)
                .fetch_one(&mut *tx)
                .await?;
            let done: Option<String> = sqlx::query_scalar(done_sql)
                .fetch_optional(&mut *tx)
                .await?;
            if done.is_none() {
                let rows: Vec<(i64, String)> = sqlx::query_as(rows_sql).fetch_all(&mut *tx).await?;
                for (id, sealed) in rows {
                    let fields = Sealed::open(&keys, id, &sealed)?;
                    sqlx::query(set)
                        .bind(keys.sender(fields.sender()))
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("INSERT INTO meta (name, value) VALUES ('sender_hashes', 'keyed')")
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(())
    }
}
