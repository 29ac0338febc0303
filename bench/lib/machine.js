'use strict';
/**
 * How busy the machine was while the bench ran, so that a number taken next to someone
 * else's test run is recognisable as such. Linux only (/proc); elsewhere nothing is reported.
 *
 * A snapshot holds the machine's busy CPU time (all of /proc/stat's "cpu" line except idle
 * and iowait; guest time is already inside user), the hypervisor's steal time, and the CPU
 * time of the bench's own process tree (this process plus every child it has waited for:
 * /proc/self/stat utime + stime + cutime + cstime; /usr/bin/time waits for the measured
 * command, and the bench waits for /usr/bin/time and for the servers it stops). Between two
 * snapshots taken when no child is running, machine busy − own tree = everything else.
 */
const fs = require('node:fs');
const os = require('node:os');
const { ticksPerSecond } = require('./load');

function snapshot() {
  try {
    const cpu = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user, nice, system, , , irq, softirq, steal] = cpu;
    const self = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = self
      .slice(self.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const tick = 1000 / ticksPerSecond();
    return {
      wallMs: performance.now(),
      busyMs: (user + nice + system + irq + softirq) * tick,
      stealMs: (steal || 0) * tick,
      // utime, stime, cutime, cstime: fields 14–17 of /proc/<pid>/stat (11–14 after the name).
      treeMs: (fields[11] + fields[12] + fields[13] + fields[14]) * tick,
    };
  } catch {
    return undefined;
  }
}

/** { otherCores, stealCores, cores } between two snapshots, or undefined. */
function between(before, after) {
  if (!before || !after) return undefined;
  const wall = after.wallMs - before.wallMs;
  if (wall <= 0) return undefined;
  return {
    otherCores: Math.max(0, (after.busyMs - before.busyMs - (after.treeMs - before.treeMs)) / wall),
    stealCores: (after.stealMs - before.stealMs) / wall,
    cores: os.cpus().length,
  };
}

/** A sentence for the report, e.g. "other processes used 0.02 of 2 cores on average". */
function describe(load) {
  if (!load) return undefined;
  const text = `other processes used ${load.otherCores.toFixed(2)} of ${load.cores} cores on average while this ran${load.stealCores >= 0.01 ? ` (hypervisor steal ${load.stealCores.toFixed(2)} cores)` : ''}`;
  return load.otherCores >= 0.1
    ? `**Machine not idle:** ${text}; these numbers are disturbed.`
    : `Machine idle enough: ${text}.`;
}

/** Busy cores of other processes over the next `ms` (a look before starting). */
async function sample(ms = 1000) {
  const before = snapshot();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return between(before, snapshot());
}

module.exports = { snapshot, between, describe, sample };
