//! "What am I looking at": where the figures come from and what they count.

use yew::prelude::*;

#[function_component(About)]
pub fn about() -> Html {
    html! {
        <details class="about">
            <summary>{ "What am I looking at?" }</summary>
            <p>
                { "Each pane runs in " }<b>{ "RustPython 0.6" }</b>
                { ", a Python interpreter compiled to WebAssembly, in a Web Worker in this tab. " }
                <b>{ "Memory" }</b>{ " is the interpreter heap your snippet holds: bytes allocated \
                  since just before it started and not yet freed, counted by the allocator. " }
                <b>{ "Objects" }</b>{ " are the live Python objects your snippet created: \
                  garbage-collector-tracked objects (lists, dicts, instances…) plus the ints, \
                  floats and strings they reference, each counted once, from censuses taken at \
                  new memory highs and at the end." }
            </p>
            <p>
                <b>{ "Steps" }</b>{ " are executed bytecode instructions: the same code gives the \
                  same steps, bytes and objects on every run, while milliseconds vary. \
                  RustPython's object sizes are not CPython's (an int takes 56 bytes here, 28 in \
                  CPython), so compare the panes with each other rather than with CPython figures." }
            </p>
        </details>
    }
}
