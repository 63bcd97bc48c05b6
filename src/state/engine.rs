//! The engine as the page sees it: loading, ready or failed, and which worker is current.

#[derive(Clone, Debug, PartialEq)]
pub enum EngineStatus {
    /// Not loaded yet: a lazy embed loads its engine when the reader wants it (Run, an
    /// edit, a request from the host, or the embed scrolling into view).
    Deferred,
    Loading {
        loaded: f64,
        total: f64,
    },
    Ready {
        platform: String,
        init_ms: f64,
    },
    /// A fresh engine replaces the one that ran the last snippet (each run gets its own,
    /// so no run can see or change another); it comes from the browser's cache.
    Renewing,
    /// The engine could not load; runs cannot start.
    Failed(String),
}

impl EngineStatus {
    pub fn loading() -> Self {
        EngineStatus::Loading {
            loaded: 0.0,
            total: 0.0,
        }
    }

    pub fn is_deferred(&self) -> bool {
        matches!(self, EngineStatus::Deferred)
    }

    pub fn is_ready(&self) -> bool {
        matches!(self, EngineStatus::Ready { .. })
    }
}
