/**
 * How busy the machine is while a benchmark runs: the load average and Linux's CPU pressure (the share of
 * time some runnable task waited for a CPU, /proc/pressure/cpu). Printed before and after the runs, so a
 * reader can tell a quiet measurement from one taken beside other work.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** `load 1.20 (1 min)  cpu pressure 12.3% (10 s avg)`, or without the pressure where Linux does not report it. */
export function machineLoad(): string {
  const load = `load ${loadavg()[0]!.toFixed(2)} (1 min)`;
  try {
    const some = /some avg10=([\d.]+) avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return some ? `${load}, CPU pressure ${some[1]}% (10 s) / ${some[2]}% (60 s)` : load;
  } catch {
    return load;
  }
}
