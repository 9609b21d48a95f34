// The moment a page has drawn its data, as a Performance API mark: what the city browser tests
// and `./gridmap bench pages` read (performance.getEntriesByName(FIRST_DRAW)) as "first draw".

export const FIRST_DRAW = 'gridmap:first-draw';

/** Whether the page has marked its first draw. */
export const firstDrawn = () => performance.getEntriesByName(FIRST_DRAW).length > 0;

/** Marks the first draw (once: later redraws leave the mark where it was). */
export function markFirstDraw() {
  if (!firstDrawn()) performance.mark(FIRST_DRAW);
}

/** Lets the browser draw and take input between the parts of a long drawing: each part a task of its own. */
export const nextTask = () => new Promise(resolve => setTimeout(resolve, 0));

/**
 * As nextTask, but the page's work goes on ahead of the tasks queued meanwhile (the tiles a layer
 * set off, timers): scheduler.yield() where the browser has it, else a timer.
 */
export const yieldTask = () => globalThis.scheduler?.yield?.() ?? nextTask();
