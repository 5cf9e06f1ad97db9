/**
 * Runs the chosen operation on one stored image: checks the form against the schema, starts the
 * job, follows it live, and shows the result captioned with what was done (the filter named) and
 * to what. A request that fails clears the previous result, so it is never taken for the new one.
 */
import { api, fetchResult, watchJob } from '../api';
import { h, progressBar } from '../dom';
import { applyJobEvent, describeProgress, type Job } from '../lib/jobs';
import { ApiError } from '../lib/problem';
import type { OperationFormView } from './opform';
import { renderResult } from './result';

export interface Target {
  readonly id: string;
  readonly name: string;
}

export interface JobRunner {
  /** The job bar, the status line and the "run again" button. */
  readonly controls: HTMLElement;
  readonly resultBox: HTMLElement;
  /** Sets the status line; an error clears the shown result. */
  readonly say: (text: string, error?: boolean) => void;
  readonly run: (target: Target) => Promise<void>;
  /** Forgets the shown result and stops following. */
  readonly clear: () => void;
  /** As before anything ran: no result, no bar, nothing to run again. */
  readonly reset: () => void;
  readonly dispose: () => void;
}

/** @param offerAgain a "Run again on this image" button, for pages where the image is not otherwise at hand */
export function jobRunner(form: OperationFormView, initialStatus: string, offerAgain = true): JobRunner {
  const jobBar = progressBar('Job progress');
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' }, initialStatus);
  const resultBox = h('div', { class: 'result-box', 'aria-live': 'polite' });
  let last: Target | null = null;
  const again = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => last && void run(last) }, 'Run again on this image');
  const showAgain = (): void => {
    again.hidden = !offerAgain;
  };
  jobBar.root.hidden = true;

  let run_ = 0;
  let stopWatch: (() => void) | null = null;
  let resultUrl: string | null = null;

  function clear(): void {
    stopWatch?.();
    stopWatch = null;
    if (resultUrl) URL.revokeObjectURL(resultUrl);
    resultUrl = null;
    resultBox.replaceChildren();
  }

  function say(text: string, error = false): void {
    status.textContent = text;
    status.className = error ? 'status error' : 'status';
    if (error) clear();
  }

  async function run(target: Target): Promise<void> {
    last = target;
    const my = ++run_;
    clear();
    const built = form.build();
    if (Object.keys(built.errors).length) {
      jobBar.root.hidden = true;
      say(built.errors.operation ?? 'Fix the highlighted parameters, then run it again.', true);
      showAgain();
      return;
    }
    const operation = form.operation();
    const label = form.describe(built.params);
    again.hidden = true;
    jobBar.root.hidden = false;
    jobBar.set(0);
    say(`${label}: queued…`);
    let job: Job;
    try {
      // Someone is watching this one: it goes ahead of any bulk work queued before it.
      const jobs = await api.createJobs([target.id], operation, built.params, 'high');
      if (!jobs[0]) throw new Error('The server did not create a job.');
      job = jobs[0];
    } catch (err) {
      if (my === run_) {
        jobBar.root.hidden = true;
        const problem = err instanceof ApiError ? err.problem : null;
        say(problem?.errors?.length ? `Not started: ${form.showProblem(problem)}` : (err as Error).message, true);
        showAgain();
      }
      return;
    }
    if (my !== run_) return;
    stopWatch = watchJob(job, (event) => {
      if (my !== run_) return;
      job = applyJobEvent(job, event);
      jobBar.set(job.progress);
      if (job.status === 'failed') {
        say(`${label} failed: ${job.error ?? 'no reason given'}`, true);
        showAgain();
      } else if (job.status === 'succeeded') {
        say(`${label}: done. Loading the result…`);
        void show(job, label, target, my);
      } else {
        say(`${label}: ${describeProgress({ ...event, status: job.status, progress: job.progress })}`);
      }
    });
  }

  async function show(job: Job, label: string, target: Target, my: number): Promise<void> {
    try {
      const result = await fetchResult(job);
      if (my !== run_) {
        if (result.kind === 'image') URL.revokeObjectURL(result.url);
        return;
      }
      if (result.kind === 'image') resultUrl = result.url;
      resultBox.replaceChildren(renderResult(result, `${label} of ${target.name}`));
      say(`${label}: done.`);
    } catch (err) {
      if (my === run_) say(`Could not load the result: ${(err as Error).message}`, true);
    }
    showAgain();
  }

  return {
    controls: h('div', null, h('div', { class: 'bars' }, jobBar.root), status, again),
    resultBox,
    say,
    run,
    clear,
    reset: () => {
      run_++;
      clear();
      jobBar.root.hidden = true;
      again.hidden = true;
      last = null;
    },
    dispose: () => {
      run_++;
      clear();
    },
  };
}
