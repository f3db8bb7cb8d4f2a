//! An organisation's own settings, which its admins change in a page: how long its closed
//! reports are kept (never longer than the instance's period, which the settings file sets)
//! and who of its staff is e-mailed when an urgent report arrives. Each change is written
//! with its audit entry in the organisation's chain, which says what changed, never the
//! addresses themselves.

use crate::audit::Draft;
use crate::{Store, StoreError};
use faro_domain::{AccessContext, Email, OrganisationId};
use std::collections::HashMap;

/// Urgent-notice addresses an organisation may name.
pub const MAX_NOTIFY_ADDRESSES: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationSettings {
    /// Days its closed reports are kept, when shorter than the instance's period.
    pub retention_days: Option<u32>,
    /// Its staff e-mailed when an urgent report arrives (with the instance's own list).
    pub notify_to: Vec<Email>,
}

const SELECT: &str =
    "SELECT retention_days, notify_to FROM organisation_settings WHERE organisation_id = $1";

fn addresses(text: &str) -> Vec<Email> {
    text.lines().filter_map(|l| Email::parse(l).ok()).collect()
}

impl Store {
    /// An organisation's settings, for its admins (or the instance operator).
    pub async fn organisation_settings(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
    ) -> Result<OrganisationSettings, StoreError> {
        StoreError::unless_administers(ctx, organisation)?;
        let row: Option<(Option<i64>, String)> = with_pool!(self, |p| sqlx::query_as(SELECT)
            .bind(organisation.0)
            .fetch_optional(p)
            .await?);
        Ok(
            row.map_or_else(OrganisationSettings::default, |(days, to)| {
                OrganisationSettings {
                    retention_days: days.and_then(|d| u32::try_from(d).ok()),
                    notify_to: addresses(&to),
                }
            }),
        )
    }

    /// Replaces an organisation's settings, audited with what changed (the number of
    /// addresses, not the addresses).
    pub async fn set_organisation_settings(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        settings: &OrganisationSettings,
    ) -> Result<(), StoreError> {
        StoreError::unless_administers(ctx, organisation)?;
        if settings.notify_to.len() > MAX_NOTIFY_ADDRESSES || settings.retention_days == Some(0) {
            return Err(StoreError::Invalid {
                field: "organisation settings",
                problem: faro_domain::Message::new(faro_domain::refusal::SETTINGS_LIMITS)
                    .with("max", MAX_NOTIFY_ADDRESSES),
            });
        }
        let before = self.organisation_settings(ctx, organisation).await?;
        let to: Vec<&str> = settings.notify_to.iter().map(Email::as_str).collect();
        let to = to.join("\n");
        let days = settings.retention_days.map(i64::from);
        let now = crate::clock::now();
        in_transaction!(self, |tx, dialect| {
            sqlx::query("DELETE FROM organisation_settings WHERE organisation_id = $1")
                .bind(organisation.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO organisation_settings (organisation_id, retention_days, notify_to, updated_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(organisation.0)
            .bind(days)
            .bind(&to)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let detail = serde_json::json!({
                "retention_days": { "from": before.retention_days, "to": settings.retention_days },
                "notify_addresses": { "from": before.notify_to.len(), "to": settings.notify_to.len() },
            });
            let entry = Draft::new(Some(organisation), ctx, "organisation.settings", detail);
            append_audit!(self, tx, dialect, entry);
        });
        Ok(())
    }

    /// The addresses an organisation asked to be told of urgent reports at: for the server's
    /// notices only, which never show them to anyone.
    pub async fn urgent_recipients(
        &self,
        organisation: OrganisationId,
    ) -> Result<Vec<Email>, StoreError> {
        let row: Option<(Option<i64>, String)> = with_pool!(self, |p| sqlx::query_as(SELECT)
            .bind(organisation.0)
            .fetch_optional(p)
            .await?);
        Ok(row.map(|(_, to)| addresses(&to)).unwrap_or_default())
    }

    /// Each organisation's own retention period, where it set one.
    pub(crate) async fn retention_overrides(&self) -> Result<HashMap<i64, u32>, StoreError> {
        let sql = "SELECT organisation_id, retention_days FROM organisation_settings WHERE retention_days IS NOT NULL";
        let rows: Vec<(i64, i64)> = with_pool!(self, |p| sqlx::query_as(sql).fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .filter_map(|(org, days)| Some((org, u32::try_from(days).ok()?)))
            .collect())
    }
}
