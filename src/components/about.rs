//! "What am I looking at": where the figures come from, what they count, how far off
//! they can be.

use yew::prelude::*;

#[function_component(About)]
pub fn about() -> Html {
    html! {
        <details class="about">
            <summary>{ "What am I looking at?" }</summary>
            <p>
                { "Each pane runs in " }<b>{ "RustPython 0.6" }</b>
                { ", a Python interpreter compiled to WebAssembly, in a Web Worker in this tab. \
                  Memory is shown in one of two measures (the switch above the charts):" }
            </p>
            <ul>
                <li>
                    <b>{ "CPython 3.11 (model)" }</b>{ ", the default: the bytes CPython 3.11 \
                      would hold for the same live objects, as its tracemalloc counts them \
                      (GC header included). At each census Memplay sizes every live object the \
                      way CPython does (an int 32 bytes, a str 49 + its length, a list 56 + 8 \
                      per slot with CPython's over-allocation, an instance 56 + its attribute \
                      values, shared small ints and one-character strings free). Between \
                      censuses the chart maps RustPython's bytes onto the line through the censuses \
                      on either side, or scales them by the nearest census's ratio after the \
                      last one (shown as ≈, census points as dots). Checked against python3's tracemalloc: \
                      final memory within 10% and peaks within 15% for the test snippets; \
                      dicts after many deletions, lists built exactly and objects CPython \
                      caches differently can be further off." }
                </li>
                <li>
                    <b>{ "RustPython heap" }</b>{ ": the interpreter heap your snippet holds, \
                      exactly: bytes allocated since just before it started and not yet freed, \
                      counted by the allocator. RustPython's objects are larger than CPython's \
                      (an int takes 56 bytes here), and it differs between the browser and the \
                      native command." }
                </li>
            </ul>
            <p>
                <b>{ "Objects" }</b>{ " are the live Python objects your snippet created: \
                  garbage-collector-tracked objects (lists, dicts, instances…) plus the ints, \
                  floats and strings they reference, each counted once, by censuses taken at \
                  new memory highs and at the end (the dots). Between censuses it follows the \
                  interpreter's exact count of objects made and freed since the census \
                  before (shown as ≈). In the CPython view an instance's attributes are part \
                  of the instance, as in CPython 3.11, not a dict of their own." }
            </p>
            <p>
                <b>{ "Steps" }</b>{ " are executed bytecode instructions: the same code gives the \
                  same steps, bytes and objects on every run, while milliseconds vary." }
            </p>
            <p>
                <b>{ "Units" }</b>{ ": a KB is 1,024 bytes and an MB 1,048,576 (what some tools \
                  call KiB and MiB): tracemalloc's 40,440,856 bytes read 38.6 MB here. The \
                  downloads (CSV, JSON) and the command line's --json give exact bytes." }
            </p>
        </details>
    }
}
