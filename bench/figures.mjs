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
    const now = JSON.stringify(figures[key]);
    const was = JSON.stringify(saved[key]);
    console.log(`${name}: ${key} moved: ${was.slice(0, 200)} -> ${now.slice(0, 200)}`);
  }
  process.exit(1);
}
