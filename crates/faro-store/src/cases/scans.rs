//! The scans of consent given on a signed form. The paper carries the person's name and
//! signature, so its picture is kept as a report's photos are: re-encoded by the caller (no
//! metadata), sealed with the data key to its case and version, read by those who see the case
//! and audited each time it is read. One scan per consent: a new paper is a new consent.

use super::changes::Effect;
use super::{Changed, place};
use crate::{Photo, Store, StoreError};
use faro_domain::case::{ConsentMeans, ConsentPurpose};
use faro_domain::{AccessContext, Vocabulary, refusal};
use serde_json::json;

/// A consent's scan as its readers download it.
#[derive(Clone)]
pub struct Scan {
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// Where a scan is sealed: moved to another case or version, it no longer opens.
pub(super) fn scan_place(case: i64, version: i64) -> String {
    place("case_consent_scans.content", case, version)
}

impl Store {
    /// Keeps the scan of the signed form of consent `consent` of case `id`. Refused for a
    /// consent given by word of mouth, and for one that already has its scan.
    pub async fn attach_consent_scan(
        &self,
        ctx: &AccessContext,
        id: i64,
        consent: i64,
        photo: Photo,
    ) -> Result<i64, StoreError> {
        let (_, head) = self.for_change(ctx, id, true).await?;
        let sql = "SELECT c.purpose, c.means, (SELECT COUNT(*) FROM case_consent_scans s WHERE s.consent_id = c.id) \
                   FROM case_consents c WHERE c.id = $1 AND c.case_id = $2";
        let row: Option<(String, String, i64)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(consent)
            .bind(id)
            .fetch_optional(p)
            .await?);
        let (purpose, means, scans) = row.ok_or(StoreError::NotFound {
            kind: "consent",
            id: consent,
        })?;
        let purpose: ConsentPurpose = super::code("case_consents.purpose", &purpose)?;
        if super::code::<ConsentMeans>("case_consents.means", &means)? != ConsentMeans::SignedForm {
            return Err(StoreError::invalid("scan", refusal::CONSENT_NOT_SIGNED));
        }
        if scans > 0 {
            return Err(StoreError::invalid("scan", refusal::SCAN_KEPT));
        }
        let keys = self.current_keys().await?;
        let version = head.version + 1;
        let sealed = keys.seal_bytes(&scan_place(id, version), &photo.bytes)?;
        let changed = vec![Changed::new(format!("scan.{}", purpose.code()), "", "scan")];
        let effect = Effect::Scan {
            consent,
            photo,
            sealed,
        };
        Ok(self
            .commit(
                ctx,
                &head,
                head.version,
                "case.consent_scan",
                changed,
                effect,
            )
            .await?
            .0)
    }

    /// The scan of consent `consent` of case `id`, for a reader who sees the case; audited.
    pub async fn consent_scan(
        &self,
        ctx: &AccessContext,
        id: i64,
        consent: i64,
    ) -> Result<Scan, StoreError> {
        let reader = self.case_reader(ctx).await?;
        let (head, _) = self.case_row(&reader, id).await?;
        let keys = self.current_keys().await?;
        let sql = "SELECT version, media_type, content FROM case_consent_scans WHERE consent_id = $1 AND case_id = $2";
        let row: Option<(i64, String, Vec<u8>)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(consent)
            .bind(id)
            .fetch_optional(p)
            .await?);
        let (version, media_type, sealed) = row.ok_or(StoreError::NotFound {
            kind: "scan",
            id: consent,
        })?;
        let bytes = keys.open_bytes(&scan_place(id, version), &sealed)?;
        let detail = json!({ "case_id": id, "consent_id": consent });
        self.audit_for(
            Some(head.organisation),
            ctx,
            "case.consent_scan_read",
            detail,
        )
        .await?;
        Ok(Scan { media_type, bytes })
    }
}
