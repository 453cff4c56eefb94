// The size of V8's young generation for every thread that runs the engine: the service's main
// thread, the analysis and fleet worker pools, the bench (docs/adr/0008-young-generation.md).
//
// An analysis allocates many short-lived objects (the parsed manifest, per-container facts, the
// report), and a large manifest keeps a lot of them alive at once. With V8's default semi-space
// (16 MiB on 64-bit) a 500-document stream or a 1,000-container pod outgrows the young generation
// in the middle of one analysis, so objects that die a moment later are copied and promoted, and
// the cost per container or per document grows with the size of the input. With 64 MiB
// semi-spaces far fewer of them are copied within one analysis (ADR 0008 records the bench runs
// with and without the flag), at the price of up to 128 MiB more young-generation memory per
// thread. Node documents the flag in `node --v8-options`
// and worker threads' `resourceLimits.maxYoungGenerationSizeMb`
// (https://nodejs.org/api/worker_threads.html#new-workerfilename-options).

/** Each of the two semi-spaces of the young generation, in MiB (`--max-semi-space-size`). */
export const SEMI_SPACE_MB = 64;

/** The flag for a Node process that runs the engine on its main thread. */
export const SEMI_SPACE_FLAG = `--max-semi-space-size=${SEMI_SPACE_MB}`;

/**
 * The same for a worker thread: V8 sizes a worker's young generation as a whole, three
 * semi-spaces (the two semi-spaces and the new large-object space), so 3 x SEMI_SPACE_MB gives
 * its semi-spaces the main thread's size.
 */
export const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 3 * SEMI_SPACE_MB } as const;
