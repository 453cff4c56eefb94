// A worker thread of `sidecar-lens fleet`: one chunk of the dump through the pure engine.
import type { DumpUnit, FleetChunkResult, SummarizeOptions } from '../engine';
import { summarizeUnits } from '../engine';

export interface FleetTask {
  units: DumpUnit[];
  options: SummarizeOptions;
}

export default function runFleetChunk(task: FleetTask): FleetChunkResult {
  return summarizeUnits(task.units, task.options);
}
