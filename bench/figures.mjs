// The deterministic part of a `memplay run --json` document (no wall times), saved or
// compared with the saved copy. Called by bench/figures.sh.
import crypto from "node:crypto";
import fs from "node:fs";

/** A series is kept as its length and a hash: enough to tell that it moved. */
function digest(series) {
  const text = JSON.stringify(series);
  return { length: series.length, sha256: crypto.createHash("sha256").update(text).digest("hex") };
}

const [mode, name, runPath, savedPath] = process.argv.slice(2);
const run = JSON.parse(fs.readFileSync(runPath, "utf8")).runs[0];
const figures = {
  outcome: run.outcome,
  steps: run.steps,
  peak_bytes: run.peak_bytes,
  final_bytes: run.final_bytes,
  peak_objects: run.peak_objects,
  final_objects: run.final_objects,
  allocations: run.allocations,
  types_at_peak: run.types_at_peak,
  census_at_peak_step: run.census_at_peak_step,
  lines: digest(run.lines),
  samples: digest(run.samples.map(({ step, line, bytes, objects, high_before }) =>
    [step, line, bytes, objects, high_before ?? null])),
  // The interpreter's object count at every sample (live objects between censuses).
  net_objects: digest(run.samples.map(({ step, net_objects }) => [step, net_objects])),
  // The CPython 3.11 model: as deterministic as the heap figures, and the same on every
  // platform.
  cpython_peak_bytes: run.cpython_peak_bytes,
  cpython_final_bytes: run.cpython_final_bytes,
  cpython_types_at_peak: run.cpython_types_at_peak,
  cpython_samples: digest(run.samples.filter((s) => s.cpython_bytes !== undefined)
    .map(({ step, cpython_bytes }) => [step, cpython_bytes])),
};
if (mode === "--save") {
  fs.writeFileSync(savedPath, JSON.stringify(figures, null, 1) + "\n");
  console.log(`${name}: saved (${figures.samples.length} samples, ${figures.steps} steps)`);
  process.exit(0);
}
const saved = JSON.parse(fs.readFileSync(savedPath, "utf8"));
const moved = Object.keys(figures).filter(
  (key) => JSON.stringify(figures[key]) !== JSON.stringify(saved[key]),
);
if (moved.length === 0) {
  console.log(`${name}: same (${figures.samples.length} samples, ${figures.steps} steps)`);
} else {
  for (const key of moved) {
    // A figure the saved digest does not have yet reads as "undefined".
    const now = String(JSON.stringify(figures[key]));
    const was = String(JSON.stringify(saved[key]));
    console.log(`${name}: ${key} moved: ${was.slice(0, 200)} -> ${now.slice(0, 200)}`);
  }
  process.exit(1);
}
