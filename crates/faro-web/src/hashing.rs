//! One bounded pool for the slow hashes (argon2id: 19 MiB and a core for tens of
//! milliseconds): staff passwords at sign-in, reports' receipt codes at intake and follow-up.
//!
//! The pool has one slot per core plus one. Reports may hold at most one slot per core, so a
//! flood of reports always leaves a slot for staff: the hotline can still sign in while the
//! public form is under load. Reports that find every slot taken wait in a bounded queue
//! ([`QUEUE`] places, [`WAIT`] at most); beyond it they are told to come back (503 with
//! `Retry-After`), never queued without bound. A staff sign-in never waits: with its slot
//! taken it is told to come back at once, as before.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Reports waiting for a slot, at most: about one second of work at the hash's speed on two
/// cores. A longer queue would only answer later what it cannot answer in time.
pub const QUEUE: usize = 64;
/// How long a report waits for a slot before it is told to come back.
pub const WAIT: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub struct Hashing {
    /// Every slot, staff and reports alike.
    slots: Arc<Semaphore>,
    /// The slots reports may hold: one fewer than `slots`.
    report_slots: Arc<Semaphore>,
    /// Places in the reports' queue.
    queue: Arc<Semaphore>,
}

/// A held slot: hash while it lives.
pub struct Slot {
    _slot: OwnedSemaphorePermit,
    _report: Option<OwnedSemaphorePermit>,
}

impl Hashing {
    /// A pool of `slots` hashes at once, all but one of which reports may hold (the usual
    /// size is one per core plus one: [`Hashing::for_this_machine`]).
    pub fn new(slots: usize) -> Hashing {
        Hashing {
            slots: Arc::new(Semaphore::new(slots)),
            report_slots: Arc::new(Semaphore::new(slots.saturating_sub(1))),
            queue: Arc::new(Semaphore::new(QUEUE)),
        }
    }

    /// One slot per core for reports and one more for staff.
    pub fn for_this_machine() -> Hashing {
        Hashing::new(std::thread::available_parallelism().map_or(2, |n| n.get()) + 1)
    }

    /// A slot for a staff sign-in, if one is free now.
    pub fn staff(&self) -> Option<Slot> {
        Some(Slot {
            _slot: self.slots.clone().try_acquire_owned().ok()?,
            _report: None,
        })
    }

    /// A slot for a report's hash, waiting in the bounded queue; `None` when the queue is
    /// full or the wait too long.
    pub async fn report(&self) -> Option<Slot> {
        let _place = self.queue.clone().try_acquire_owned().ok()?;
        tokio::time::timeout(WAIT, async {
            let report = self.report_slots.clone().acquire_owned().await.ok()?;
            let slot = self.slots.clone().acquire_owned().await.ok()?;
            Some(Slot {
                _slot: slot,
                _report: Some(report),
            })
        })
        .await
        .ok()
        .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reports_never_take_the_staff_slot() {
        let pool = Hashing::new(3);
        let a = pool.report().await.expect("first");
        let b = pool.report().await.expect("second");
        let staff = pool.staff().expect("the staff's share is kept");
        assert!(pool.staff().is_none(), "every slot is held now");
        drop((a, b, staff));
        assert!(pool.staff().is_some());
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_queue_is_refused_at_once_and_a_long_wait_gives_up() {
        let pool = Hashing::new(2);
        let held = pool.report().await.expect("slot");
        // The one report slot is held: the next waits WAIT and gives up.
        assert!(pool.report().await.is_none());
        let waiting: Vec<_> = (0..QUEUE)
            .map(|_| {
                let p = pool.clone();
                tokio::spawn(async move { p.report().await.is_some() })
            })
            .collect();
        while pool.queue.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        let started = tokio::time::Instant::now();
        assert!(pool.report().await.is_none(), "the queue is full");
        assert_eq!(started.elapsed(), Duration::ZERO, "refused without waiting");
        drop(held);
        let served = futures_count(waiting).await;
        assert!(served >= 1, "a freed slot goes to a waiting report");
    }

    async fn futures_count(handles: Vec<tokio::task::JoinHandle<bool>>) -> usize {
        let mut n = 0;
        for h in handles {
            n += usize::from(h.await.unwrap_or(false));
        }
        n
    }
}
