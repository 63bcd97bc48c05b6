//! Watching an element's size. Charts draw their SVG at the width they are laid out at,
//! one unit per pixel, so their text keeps its size on a phone and in a narrow pane (an
//! SVG drawn for 640 units and scaled to 340 px had 4-6 px labels); the embed reports its
//! height to its host.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// Narrower than this, a chart's axes leave no room to plot: it scales down instead.
const NARROWEST: f64 = 240.0;

/// Calls `on_resize` whenever `element`'s size changes, until dropped.
pub struct ResizeWatch {
    observer: web_sys::ResizeObserver,
    _on_resize: Closure<dyn Fn()>,
}

impl ResizeWatch {
    pub fn start(element: &web_sys::Element, on_resize: impl Fn() + 'static) -> Option<Self> {
        let on_resize = Closure::<dyn Fn()>::new(on_resize);
        let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(ResizeWatch {
            observer,
            _on_resize: on_resize,
        })
    }
}

impl Drop for ResizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The width `node` is laid out at, in CSS pixels, kept up to date as it resizes
/// (`fallback` until it is first laid out).
#[hook]
pub fn use_width(node: &NodeRef, fallback: f64) -> f64 {
    let width = use_state_eq(|| None::<f64>);
    {
        let node = node.clone();
        let width = width.clone();
        use_effect_with((), move |_| {
            let element = node.cast::<web_sys::Element>();
            let measure = {
                let element = element.clone();
                move || {
                    let laid_out = element.as_ref().map_or(0, |e| e.client_width());
                    if laid_out > 0 {
                        width.set(Some((laid_out as f64).max(NARROWEST)));
                    }
                }
            };
            measure();
            let watch = element.and_then(|e| ResizeWatch::start(&e, measure));
            move || drop(watch)
        });
    }
    width.unwrap_or(fallback)
}
