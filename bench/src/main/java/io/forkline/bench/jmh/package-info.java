/**
 * JMH microbenchmarks. {@code ./forkline jmh} runs them all in a short configuration (see
 * {@link io.forkline.bench.jmh.MicroBenchmarks}); any JMH option runs JMH itself, e.g.
 * {@code ./forkline jmh ForkPause -p dataMiB=16384}.
 */
package io.forkline.bench.jmh;
