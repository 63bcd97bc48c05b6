//! The protocol as JavaScript sees it, in headless Chromium (wasm-bindgen-test): worker
//! messages must be plain objects a page (or a page embedding Memplay) can read.
#![cfg(target_arch = "wasm32")]

use js_sys::Reflect;
use memplay_protocol::{
    Limits, LineFigures, ObjectCensus, RunEvent, RunRequest, Sample, WorkerMessage,
};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn samples_travel_as_plain_objects() {
    let message = WorkerMessage::Run(RunEvent::Samples {
        run_id: 4,
        batch: vec![Sample {
            step: 1000,
            t_ms: 1.5,
            line: 2,
            bytes: -64,
            objects: None,
            high_before: None,
            cpython_bytes: None,
            cpython_objects: None,
            collected: false,
            net_objects: Some(12),
        }],
        censuses: vec![ObjectCensus {
            step: 1000,
            t_ms: 1.5,
            line: 2,
            total: 1001,
            by_type: [("Session".to_string(), 1000), ("list".to_string(), 1)].into(),
            ..ObjectCensus::default()
        }],
        lines: vec![LineFigures {
            line: 2,
            hits: 3,
            net_bytes: 64,
            max_increment: 64,
            objects_made: 7,
        }],
    });
    let js = to_js(&message);
    // A plain object, not a Map (serde-wasm-bindgen's default for structs with maps).
    assert!(js.is_object() && !js.is_instance_of::<js_sys::Map>());
    assert_eq!(get(&js, "type"), "samples");
    assert_eq!(get(&js, "run_id"), 4);
    let first = get(&get(&js, "batch"), "0");
    assert_eq!(get(&first, "bytes"), -64);
    assert!(get(&first, "objects").is_null());
    assert_eq!(get(&first, "net_objects"), 12);
    // A census's types are a plain object too: `census.by_type.Session`.
    let census = get(&get(&js, "censuses"), "0");
    let by_type = get(&census, "by_type");
    assert!(by_type.is_object() && !by_type.is_instance_of::<js_sys::Map>());
    assert_eq!(get(&by_type, "Session"), 1000);
    assert_eq!(get(&get(&get(&js, "lines"), "0"), "hits"), 3);
    let back: WorkerMessage = serde_wasm_bindgen::from_value(js).unwrap();
    assert_eq!(back, message);
}

#[wasm_bindgen_test]
fn a_loader_progress_object_reads_as_a_message() {
    let js = js_sys::JSON::parse(r#"{"type":"progress","loaded":5,"total":10}"#).unwrap();
    let message: WorkerMessage = serde_wasm_bindgen::from_value(js).unwrap();
    assert_eq!(
        message,
        WorkerMessage::Progress {
            loaded: 5.0,
            total: 10.0
        }
    );
}

#[wasm_bindgen_test]
fn run_requests_fill_missing_limits() {
    let js = js_sys::JSON::parse(r#"{"run_id":1,"pane":"a","code":"x = 1"}"#).unwrap();
    let request: RunRequest = serde_wasm_bindgen::from_value(js).unwrap();
    assert_eq!(request.limits, Limits::default());
    let round_trip: RunRequest = serde_wasm_bindgen::from_value(to_js(&request)).unwrap();
    assert_eq!(round_trip, request);
}
