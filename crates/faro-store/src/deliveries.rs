//! Messages an SMS or chat gateway delivered, remembered by the gateway's own message id
//! (Twilio's `MessageSid`, the JSON gateway's signed `id`), so that the same webhook sent again,
//! a replay by someone who recorded it or the gateway's own retry, is answered without being
//! stored twice. The id is kept only as a keyed hash, for [`DELIVERY_DAYS`].

use crate::{Store, StoreError};

/// Days a delivery is remembered: a replay older than this is taken as new (the JSON
/// gateway's messages are refused by then anyway, their `sent_at` being out of date).
pub const DELIVERY_DAYS: i64 = 30;

impl Store {
    /// Remembers message `id` of gateway channel `channel`; `false` when it was delivered
    /// before.
    pub async fn first_delivery(&self, channel: &str, id: &str) -> Result<bool, StoreError> {
        let key = self.current_keys().await?.delivery(channel, id);
        let now = crate::clock::now();
        let forget = "DELETE FROM gateway_deliveries WHERE at < $1";
        let insert = "INSERT INTO gateway_deliveries (channel, message, at) VALUES ($1, $2, $3) \
                      ON CONFLICT (channel, message) DO NOTHING";
        let inserted = with_pool!(self, |p| {
            sqlx::query(forget)
                .bind(now - DELIVERY_DAYS * 86_400)
                .execute(p)
                .await?;
            sqlx::query(insert)
                .bind(channel)
                .bind(&key)
                .bind(now)
                .execute(p)
                .await?
                .rows_affected()
        });
        Ok(inserted == 1)
    }

    /// Forgets a delivery whose message could not be stored, so that the gateway's retry is
    /// taken rather than refused as a replay.
    pub async fn forget_delivery(&self, channel: &str, id: &str) -> Result<(), StoreError> {
        let key = self.current_keys().await?.delivery(channel, id);
        let sql = "DELETE FROM gateway_deliveries WHERE channel = $1 AND message = $2";
        with_pool!(self, |p| sqlx::query(sql)
            .bind(channel)
            .bind(&key)
            .execute(p)
            .await
            .map(|_| ())?);
        Ok(())
    }
}
