//! The page's state as a share link carries it, both ways.

use super::{Action, ExampleRef, Moment, Pane, State};
use memplay_protocol::recorded::RecordedRun;
use memplay_protocol::share::{
    self, ShareError, ShareLink, SharedMoment, SharedPane, SharedState, MAX_LINK_BYTES,
};

impl State {
    /// The state a page opens with: the link's, or the defaults with the reason the link
    /// could not be opened.
    pub fn from_link(link: Result<Option<ShareLink>, ShareError>) -> Self {
        let mut state = State::default();
        match link {
            Ok(Some(link)) => {
                state.replace_panes(link.state.panes);
                for (pane, run) in state.panes.iter_mut().zip(&link.state.results) {
                    if let Some(run) = run {
                        pane.show_recorded(run, link.state.limits);
                    }
                }
                // The manifest's entry is looked up once the page has read it.
                state.example = link.state.example.map(|id| ExampleRef { id, entry: None });
                state.view = link.state.view;
                state.axis = link.state.axis;
                state.measure = link.state.measure;
                state.limits = link.state.limits;
                state.notice = link.notice;
                // Panes are numbered from 1 in their order (see `replace_panes`).
                state.moment = link.state.moment.map(|m| Moment {
                    pane_id: m.pane + 1,
                    step: m.step,
                });
                // A link whose moment is in a recorded run opens at it; one without that
                // run's results reaches it by running the code again (the Share link
                // asks for that with `run=1`, see `SharedState::runs_to_moment`).
                if link.auto_run {
                    state.apply(Action::RunAll);
                }
            }
            Ok(None) => {}
            Err(error) => state.notice = Some(error.to_string()),
        }
        state
    }

    /// The panes' titles and code.
    pub fn shared_panes(&self) -> Vec<SharedPane> {
        self.panes
            .iter()
            .map(|p| SharedPane {
                title: p.title.clone(),
                code: p.code.clone(),
            })
            .collect()
    }

    /// What a share link carries.
    pub fn to_shared(&self) -> SharedState {
        SharedState {
            panes: self.shared_panes(),
            view: self.view,
            axis: self.axis,
            measure: self.measure,
            limits: self.limits,
            moment: self.moment.and_then(|m| {
                let pane = self.panes.iter().position(|p| p.id == m.pane_id)?;
                Some(SharedMoment {
                    pane: pane as u32,
                    step: m.step,
                })
            }),
            example: self.example.as_ref().map(|x| x.id.clone()),
            results: Vec::new(),
        }
    }

    /// Panes whose results a link can carry now (run to their end, not edited since).
    pub fn recordable_panes(&self) -> usize {
        self.panes
            .iter()
            .filter(|p| p.can_record(&self.limits))
            .count()
    }

    /// What a share link or embed carries, with each pane's results where it has them
    /// (the moment's pane's keeps the moment; see `SharedState::for_link`).
    pub fn to_shared_with_results(&self) -> SharedState {
        let mut shared = self.to_shared();
        let moment_in = |pane: &Pane| self.moment.filter(|m| m.pane_id == pane.id).map(|m| m.step);
        shared.results = self
            .panes
            .iter()
            .map(|p| p.recorded_run(&self.limits, moment_in(p)))
            .collect();
        if shared.results.iter().all(Option::is_none) {
            shared.results.clear();
        }
        within(shared, MAX_LINK_BYTES)
    }

    /// Where the first recorded pane's figures were measured, when a pane shows results
    /// that came with the link.
    pub fn recorded_platform(&self) -> Option<String> {
        let pane = self.panes.iter().find(|p| p.recorded)?;
        Some(pane.summary.as_ref()?.platform.clone())
    }

    /// Whether any pane shows results that came with the link.
    pub fn any_recorded(&self) -> bool {
        self.panes.iter().any(|p| p.recorded)
    }
}

/// `shared` in a link of at most `limit` bytes, so that it opens again: past the limit the
/// results travel without their texts (output, traceback, figures by line), and not at
/// all if that is still too much. Four panes' texts at their longest can pass 64 KB.
pub(super) fn within(mut shared: SharedState, limit: usize) -> SharedState {
    let fits = |shared: &SharedState| share::encode(shared, false).len() <= limit;
    if !fits(&shared) {
        for run in shared.results.iter_mut() {
            *run = run.take().map(RecordedRun::figures_only);
        }
        if !fits(&shared) {
            shared.results.clear();
        }
    }
    shared
}
