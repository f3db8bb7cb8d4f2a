//! The server's state: what every handler can reach, built once from the settings by
//! `faro serve` (`with_…`), cloned into each request.

use crate::services::Context;
use crate::{
    DEFAULT_PUBLISH_BUDGET, DEFAULT_RETENTION_DAYS, DEFAULT_UPLOAD_LIMIT, decoding, gateway,
    hashing, intake, jobs, notify, once, throttle,
};
use faro_analytics::Index;
use faro_store::Store;
use std::net::IpAddr;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub index: Index,
    /// Served behind TLS (`--public-url https://…`): adds HSTS and Secure cookies.
    pub tls: bool,
    /// The base of links Faro hands out (set-password links), from `--public-url`.
    pub public_url: Option<String>,
    /// The proxy whose `X-Forwarded-For` names the client (`--trusted-proxy`), for throttling.
    pub trusted_proxy: Option<IpAddr>,
    pub throttle: Arc<throttle::Throttle>,
    /// Wrong receipt codes at follow-up, per client and for everyone together.
    pub receipts: Arc<throttle::Receipts>,
    /// Texts sent to `POST /api/v1/triage`, counted per account.
    pub triage_limit: Arc<throttle::Throttle>,
    /// Report forms already received (a double tap or a replay is not stored twice).
    pub sent_forms: Arc<once::Once>,
    /// Which organisation receives public reports, emergency numbers, photo limits.
    pub reporting: intake::Reporting,
    /// Where urgent-report notices go.
    pub notify: notify::Notify,
    /// SMS and chat channels (`/sms/{channel}`).
    pub gateways: Arc<Vec<gateway::SmsChannel>>,
    /// Disclosure control for every count a reader may not check against the records.
    pub privacy: faro_privacy::Policy,
    /// The releases of marginals read so far, shared by every request.
    pub releases: crate::services::statistics::Releases,
    /// The slots for slow hashes (passwords, receipt codes), with a share kept for staff.
    pub hashing: hashing::Hashing,
    /// The memory budget photos are decoded within (`[reports] photo_memory_megabytes`).
    pub decoding: decoding::Decoding,
    /// This process's runner of background work (imports and releases from the pages).
    pub jobs: jobs::Jobs,
    /// The largest file the sources page accepts, in bytes (`[import] upload_max_megabytes`).
    pub upload_limit: usize,
    /// Days closed reports are kept (`[reports] retention_days`): an organisation may choose
    /// fewer, never more.
    pub retention_days: u32,
    /// Each organisation's differential privacy budget (`[publish] epsilon_per_organisation`).
    pub publish_budget: f64,
}

impl AppState {
    pub fn new(store: Store) -> AppState {
        let index = Index::new(store.clone());
        let jobs = jobs::Jobs::new(store.clone(), jobs::Limits::default());
        AppState {
            store,
            index,
            tls: false,
            public_url: None,
            trusted_proxy: None,
            throttle: Arc::default(),
            receipts: Arc::default(),
            triage_limit: Arc::new(throttle::Throttle::new(
                crate::api::triage::TEXTS_PER_WINDOW,
                crate::api::triage::TEXTS_PER_WINDOW,
            )),
            sent_forms: Arc::default(),
            reporting: intake::Reporting::default(),
            notify: notify::Notify::default(),
            gateways: Arc::default(),
            privacy: faro_privacy::Policy::default(),
            releases: Default::default(),
            hashing: hashing::Hashing::for_this_machine(),
            decoding: decoding::Decoding::default(),
            jobs,
            upload_limit: DEFAULT_UPLOAD_LIMIT,
            retention_days: DEFAULT_RETENTION_DAYS,
            publish_budget: DEFAULT_PUBLISH_BUDGET,
        }
    }

    pub fn with_publish_budget(mut self, epsilon: f64) -> AppState {
        self.publish_budget = epsilon;
        self
    }

    /// How much background work runs (`[jobs]`); before the runner starts.
    pub fn with_job_limits(mut self, limits: jobs::Limits) -> AppState {
        self.jobs = jobs::Jobs::new(self.store.clone(), limits);
        self
    }

    pub fn with_retention_days(mut self, days: u32) -> AppState {
        self.retention_days = days;
        self
    }

    /// The largest file an import from a page may upload.
    pub fn with_upload_limit(mut self, bytes: usize) -> AppState {
        self.upload_limit = bytes;
        self
    }

    /// Sets how many slow hashes may run at once (one of them kept for staff).
    pub fn with_hashing_slots(mut self, slots: usize) -> AppState {
        self.hashing = hashing::Hashing::new(slots);
        self
    }

    /// Other limits for wrong receipt codes than the defaults.
    pub fn with_receipts(mut self, receipts: throttle::Receipts) -> AppState {
        self.receipts = Arc::new(receipts);
        self
    }

    pub fn with_reporting(mut self, reporting: intake::Reporting) -> AppState {
        self.decoding = decoding::Decoding::new(reporting.photo_memory_bytes);
        self.reporting = reporting;
        self
    }

    pub fn with_notify(mut self, notify: notify::Notify) -> AppState {
        self.notify = notify;
        self
    }

    pub fn with_gateways(mut self, gateways: Vec<gateway::SmsChannel>) -> AppState {
        self.gateways = Arc::new(gateways);
        self
    }

    pub fn with_privacy(mut self, policy: faro_privacy::Policy) -> AppState {
        self.privacy = policy;
        self
    }

    /// The public base URL the server is reached at; `https://` turns on HSTS and Secure
    /// cookies.
    pub fn with_public_url(mut self, url: &str) -> AppState {
        self.tls = url.starts_with("https://");
        self.public_url = Some(url.trim_end_matches('/').to_string());
        self
    }

    pub fn with_trusted_proxy(mut self, proxy: IpAddr) -> AppState {
        self.trusted_proxy = Some(proxy);
        self
    }

    /// What the services need of this state.
    pub fn services(&self) -> Context {
        Context {
            store: self.store.clone(),
            index: self.index.clone(),
            privacy: self.privacy,
            releases: self.releases.clone(),
        }
    }
}
