//! A memory budget for decoding photos, shared by every request.
//!
//! A small file can claim a picture of tens of megapixels: a 129 KB PNG decodes to 160 MB.
//! Decoding such pictures one per request, as many at once as requests arrive, once took the
//! server past its memory and killed it. So each photo reserves what decoding it will cost
//! (estimated from its header, before any pixel is decoded) out of one budget, in mebibytes;
//! a photo waits for its share at most [`WAIT`], then its report is told to come back (503
//! with `Retry-After`) and keeps nothing. The reservation travels with the decoding work, so
//! it is returned only when the memory is; a request that ends while waiting starts no more
//! decoding.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a photo waits for its share of the budget: a reporter on a slow phone waits a
/// little; a flood is answered rather than queued without end.
pub const WAIT: Duration = Duration::from_secs(10);

/// The default budget: room for the largest photo the default limits allow (40 megapixels
/// of RGBA, or a progressive JPEG of as many) with its resized copy.
pub const DEFAULT_BYTES: u64 = 384 << 20;

#[derive(Clone)]
pub struct Decoding {
    budget: Arc<Semaphore>,
    megabytes: u32,
}

/// A share of the budget: decode while it lives.
pub struct Share {
    _permit: OwnedSemaphorePermit,
}

/// Why a photo did not get its share.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// It would need more than the whole budget: it can never be decoded here.
    TooCostly,
    /// The budget stayed taken for [`WAIT`].
    Busy,
}

impl Decoding {
    pub fn new(bytes: u64) -> Decoding {
        let megabytes = u32::try_from(bytes >> 20).unwrap_or(u32::MAX).max(1);
        Decoding {
            budget: Arc::new(Semaphore::new(megabytes as usize)),
            megabytes,
        }
    }

    /// Waits for `cost` bytes of the budget.
    pub async fn reserve(&self, cost: u64) -> Result<Share, Refused> {
        let wanted = u32::try_from(cost.div_ceil(1 << 20))
            .unwrap_or(u32::MAX)
            .max(1);
        if wanted > self.megabytes {
            return Err(Refused::TooCostly);
        }
        let acquire = self.budget.clone().acquire_many_owned(wanted);
        match tokio::time::timeout(WAIT, acquire).await {
            Ok(Ok(permit)) => Ok(Share { _permit: permit }),
            _ => Err(Refused::Busy),
        }
    }
}

impl Default for Decoding {
    fn default() -> Self {
        Decoding::new(DEFAULT_BYTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn shares_add_up_to_the_budget_and_a_long_wait_gives_up() {
        let budget = Decoding::new(100 << 20);
        let a = budget.reserve(60 << 20).await.expect("fits");
        let b = budget.reserve(40 << 20).await.expect("fits beside");
        let started = tokio::time::Instant::now();
        assert_eq!(budget.reserve(1).await.err(), Some(Refused::Busy));
        assert_eq!(started.elapsed(), WAIT, "it waited, then gave up");
        drop(a);
        assert!(
            budget.reserve(60 << 20).await.is_ok(),
            "a returned share is free"
        );
        drop(b);
    }

    #[tokio::test]
    async fn a_photo_costlier_than_the_whole_budget_is_refused_at_once() {
        let budget = Decoding::new(100 << 20);
        assert_eq!(
            budget.reserve(101 << 20).await.err(),
            Some(Refused::TooCostly)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiter_gets_a_share_as_soon_as_one_is_returned() {
        let budget = Decoding::new(10 << 20);
        let held = budget.reserve(10 << 20).await.expect("all of it");
        let waiter = {
            let budget = budget.clone();
            tokio::spawn(async move { budget.reserve(5 << 20).await.is_ok() })
        };
        tokio::time::sleep(Duration::from_secs(1)).await;
        drop(held);
        assert!(
            waiter.await.expect("task"),
            "served before its wait ran out"
        );
    }
}
