//! Files the page hands to the person: CSV, JSON, SVG made in memory, and PNG drawn from
//! the SVG on a canvas. Everything goes through Blob URLs; nothing is sent anywhere.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement, Url};

/// A file name (without extension) for a chart of `panes`:
/// `memplay-list-vs-generator-memory`. Titles keep their letters and digits (anything else
/// becomes one dash), so any title gives a name every system accepts.
pub fn chart_file_stem(panes: &[&str], chart: &str) -> String {
    let slug = |text: &str| {
        let mut out = String::new();
        for c in text.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_end_matches('-').to_string()
    };
    let titles: Vec<String> = panes
        .iter()
        .map(|t| slug(t))
        .filter(|t| !t.is_empty())
        .collect();
    let mut stem = String::from("memplay-");
    let joined = titles.join("-vs-");
    // Long titles make unwieldy names: keep the first 60 characters of them.
    stem.extend(joined.chars().take(60));
    let stem = stem.trim_end_matches('-').to_string();
    format!("{stem}-{chart}")
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Offers `blob` as a download named `file_name`.
fn save_blob(blob: &Blob, file_name: &str) -> Result<(), JsValue> {
    let url = Url::create_object_url_with_blob(blob)?;
    let anchor: HtmlAnchorElement = document()
        .ok_or("no document")?
        .create_element("a")?
        .dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The click has started the download; the URL can go once this task ends.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    web_sys::window()
        .ok_or("no window")?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000)?;
    Ok(())
}

fn text_blob(text: &str, mime: &str) -> Result<Blob, JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    Blob::new_with_str_sequence_and_options(&parts, &options)
}

pub fn save_text(text: &str, mime: &str, file_name: &str) -> Result<(), JsValue> {
    save_blob(&text_blob(text, mime)?, file_name)
}

/// A chart's SVG as a standalone file (the chart draws with attributes, not page CSS).
pub fn chart_svg(svg: &web_sys::Element) -> String {
    let mut markup = svg.outer_html();
    if !markup.contains("xmlns=") {
        markup = markup.replacen("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"", 1);
    }
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{markup}\n")
}

/// Draws `svg_markup` at `scale`x on a white canvas and offers it as a PNG.
pub fn save_png(
    svg_markup: String,
    width: f64,
    height: f64,
    scale: f64,
    file_name: String,
) -> Result<(), JsValue> {
    let blob = text_blob(&svg_markup, "image/svg+xml")?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let image = HtmlImageElement::new()?;
    let loaded = image.clone();
    let source_url = url.clone();
    let on_load = Closure::once_into_js(move || {
        let draw = || -> Result<(), JsValue> {
            let canvas: HtmlCanvasElement = document()
                .ok_or("no document")?
                .create_element("canvas")?
                .dyn_into()?;
            canvas.set_width((width * scale) as u32);
            canvas.set_height((height * scale) as u32);
            let context: web_sys::CanvasRenderingContext2d = canvas
                .get_context("2d")?
                .ok_or("no 2d context")?
                .dyn_into()?;
            context.set_fill_style_str("#ffffff");
            context.fill_rect(0.0, 0.0, width * scale, height * scale);
            context.draw_image_with_html_image_element_and_dw_and_dh(
                &loaded,
                0.0,
                0.0,
                width * scale,
                height * scale,
            )?;
            let on_blob = Closure::once_into_js(move |png: Option<Blob>| {
                if let Some(png) = png {
                    let _ = save_blob(&png, &file_name);
                }
            });
            canvas.to_blob_with_type(on_blob.unchecked_ref(), "image/png")?;
            Ok(())
        };
        if let Err(e) = draw() {
            web_sys::console::error_2(&"PNG export failed".into(), &e);
        }
        let _ = Url::revoke_object_url(&source_url);
    });
    image.set_onload(Some(on_load.unchecked_ref()));
    image.set_src(&url);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::chart_file_stem;

    #[test]
    fn chart_files_are_named_after_their_panes_and_chart() {
        assert_eq!(
            chart_file_stem(&["list", "generator"], "memory"),
            "memplay-list-vs-generator-memory"
        );
        assert_eq!(
            chart_file_stem(&["__slots__", "<b>Régulier</b> class"], "objects"),
            "memplay-slots-vs-b-régulier-b-class-objects"
        );
        assert_eq!(chart_file_stem(&["***"], "memory"), "memplay-memory");
    }
}
