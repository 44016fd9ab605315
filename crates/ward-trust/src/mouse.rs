//! Mouse dynamics: segmenting the event stream into actions and describing
//! each action by a fixed feature vector.
//!
//! An action is a movement ended by a pause (`MM`), a movement ended by a
//! click (`PC`), or a press, drag and release (`DD`). Scrolls end nothing
//! and are not part of any action's path.

use crate::event::{InputEvent, MouseKind};

/// A pause longer than this (seconds) ends a movement.
pub const PAUSE_SECS: f64 = 10.0;
/// Actions with fewer distinct points than this are dropped.
pub const MIN_POINTS: usize = 4;
/// Longest action kept, in points; longer movements are cut there.
const MAX_POINTS: usize = 4096;

/// The kind of a mouse action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// Mouse movement ended by a pause.
    Move,
    /// Point and click: movement then a press and release without drag.
    PointClick,
    /// Drag and drop: press, movement, release.
    DragDrop,
}

/// One segmented mouse action.
#[derive(Debug, Clone, PartialEq)]
pub struct MouseAction {
    /// What kind.
    pub kind: ActionKind,
    /// The path: (seconds, x, y), strictly increasing time.
    pub points: Vec<(f64, f64, f64)>,
    /// Time the button was held (seconds), for clicks and drags.
    pub hold: f64,
}

/// Turns a stream of events into actions, one event at a time.
#[derive(Debug, Default, Clone)]
pub struct Segmenter {
    points: Vec<(f64, f64, f64)>,
    pressed_at: Option<f64>,
    dragged: bool,
}

impl Segmenter {
    /// A fresh segmenter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one event; returns an action when this event completes one.
    pub fn push(&mut self, ev: &InputEvent) -> Option<MouseAction> {
        let InputEvent::Mouse { ts, x, y, kind } = *ev else {
            return None;
        };
        let t = ts as f64 / 1e6;
        match kind {
            MouseKind::Scroll(_) => None,
            MouseKind::Move => {
                let mut done = None;
                if let Some(&(lt, _, _)) = self.points.last() {
                    let gap = t - lt;
                    if self.pressed_at.is_none()
                        && (gap > PAUSE_SECS || self.points.len() >= MAX_POINTS)
                    {
                        done = self.close(ActionKind::Move, 0.0);
                    }
                }
                if self.pressed_at.is_some() {
                    self.dragged |= self.add(t, x, y);
                } else {
                    self.add(t, x, y);
                }
                done
            }
            MouseKind::Press(_) => {
                // A long still pause before the press ends the movement first.
                let mut done = None;
                if let Some(&(lt, _, _)) = self.points.last()
                    && t - lt > PAUSE_SECS
                {
                    done = self.close(ActionKind::Move, 0.0);
                }
                self.add(t, x, y);
                self.pressed_at = Some(t);
                self.dragged = false;
                done
            }
            MouseKind::Release(_) => {
                let start = self.pressed_at.take()?;
                let moved = self.add(t, x, y);
                let kind = if self.dragged || moved {
                    ActionKind::DragDrop
                } else {
                    ActionKind::PointClick
                };
                self.close(kind, t - start)
            }
        }
    }

    /// Ends the stream: returns a trailing movement if there is one.
    pub fn finish(&mut self) -> Option<MouseAction> {
        self.pressed_at = None;
        self.close(ActionKind::Move, 0.0)
    }

    /// Adds a point; returns whether the position changed.
    fn add(&mut self, t: f64, x: f64, y: f64) -> bool {
        match self.points.last_mut() {
            Some(last) if last.1 == x && last.2 == y => false,
            // Same timestamp, new place: the later report wins.
            Some(last) if t <= last.0 => {
                last.1 = x;
                last.2 = y;
                true
            }
            _ => {
                let moved = !self.points.is_empty();
                self.points.push((t, x, y));
                moved
            }
        }
    }

    fn close(&mut self, kind: ActionKind, hold: f64) -> Option<MouseAction> {
        let points = std::mem::take(&mut self.points);
        self.dragged = false;
        (points.len() >= MIN_POINTS).then_some(MouseAction { kind, points, hold })
    }
}

/// Segments a whole event stream.
pub fn segment(events: &[InputEvent]) -> Vec<MouseAction> {
    let mut seg = Segmenter::new();
    let mut out: Vec<MouseAction> = events.iter().filter_map(|e| seg.push(e)).collect();
    out.extend(seg.finish());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Button;

    fn mv(ms: u64, x: f64, y: f64) -> InputEvent {
        InputEvent::Mouse {
            ts: ms * 1000,
            x,
            y,
            kind: MouseKind::Move,
        }
    }
    fn btn(ms: u64, x: f64, y: f64, down: bool) -> InputEvent {
        let kind = if down {
            MouseKind::Press(Button::Left)
        } else {
            MouseKind::Release(Button::Left)
        };
        InputEvent::Mouse {
            ts: ms * 1000,
            x,
            y,
            kind,
        }
    }

    #[test]
    fn move_click_drag_and_pause_segment_into_three_kinds() {
        let evs = [
            // Point and click: four moves, press, release at the same spot.
            mv(0, 0.0, 0.0),
            mv(10, 5.0, 0.0),
            mv(20, 10.0, 0.0),
            mv(30, 15.0, 0.0),
            btn(100, 15.0, 0.0, true),
            btn(180, 15.0, 0.0, false),
            // Drag and drop: press, moves while held, release elsewhere.
            btn(1000, 15.0, 0.0, true),
            mv(1010, 20.0, 5.0),
            mv(1020, 25.0, 10.0),
            btn(1300, 30.0, 15.0, false),
            // A movement ended by a 10+ s pause.
            mv(2000, 100.0, 100.0),
            mv(2010, 101.0, 100.0),
            mv(2020, 102.0, 100.0),
            mv(2030, 103.0, 100.0),
            mv(20_000, 500.0, 500.0),
        ];
        let acts = segment(&evs);
        let kinds: Vec<ActionKind> = acts.iter().map(|a| a.kind).collect();
        assert_eq!(
            kinds,
            vec![
                ActionKind::PointClick,
                ActionKind::DragDrop,
                ActionKind::Move
            ]
        );
        assert_eq!(acts[0].points.len(), 4);
        assert!((acts[0].hold - 0.080).abs() < 1e-9);
        assert_eq!(acts[1].points.len(), 4);
        assert!((acts[1].hold - 0.300).abs() < 1e-9);
        assert_eq!(acts[2].points.len(), 4);
        assert_eq!(acts[2].points[0], (2.0, 100.0, 100.0));
    }

    #[test]
    fn same_timestamp_keeps_the_later_position_and_short_actions_drop() {
        let evs = [
            mv(0, 0.0, 0.0),
            mv(10, 1.0, 0.0),
            mv(10, 2.0, 0.0),
            mv(20, 3.0, 0.0),
        ];
        // Three distinct times: below the four-point minimum.
        assert!(segment(&evs).is_empty());
        let mut evs = evs.to_vec();
        evs.push(mv(30, 4.0, 0.0));
        let acts = segment(&evs);
        assert_eq!(acts.len(), 1);
        assert_eq!(acts[0].points[1], (0.010, 2.0, 0.0));
    }

    #[test]
    fn release_without_press_and_scrolls_are_ignored() {
        let mut evs = vec![btn(0, 0.0, 0.0, false)];
        evs.push(InputEvent::Mouse {
            ts: 5000,
            x: 0.0,
            y: 0.0,
            kind: MouseKind::Scroll(1),
        });
        evs.extend((1..6).map(|i| mv(i * 10, i as f64, 0.0)));
        let acts = segment(&evs);
        assert_eq!(acts.len(), 1);
        assert_eq!(acts[0].kind, ActionKind::Move);
        assert_eq!(acts[0].points.len(), 5);
    }
}
