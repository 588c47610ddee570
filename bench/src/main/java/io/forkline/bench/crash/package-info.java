/**
 * The crash-recovery harness behind {@code forkline crash-test}: rounds that drive checkable writes into a
 * server, kill it (a real process, SIGKILL) or cut its power (an embedded server on a
 * {@link io.forkline.snapshot.storage.SimulatedDisk}), restart it on the same files and check that what it
 * recovered is what some prefix of the history produced, and that no acknowledged write the persistence policy
 * promised is missing.
 *
 * <p>Pieces: {@link io.forkline.bench.crash.Workload} (what each client writes), {@link io.forkline.bench.crash.History}
 * (what was sent and acknowledged, when), {@link io.forkline.bench.crash.RecoveredState} (what the restarted server
 * holds), {@link io.forkline.bench.crash.RecoveryVerifier} (prefix and promise checks),
 * {@link io.forkline.bench.crash.KillRound} and {@link io.forkline.bench.crash.PowerLossRound} (one round each),
 * {@link io.forkline.bench.crash.CrashCampaign} (rounds, table, JSON).
 */
package io.forkline.bench.crash;
