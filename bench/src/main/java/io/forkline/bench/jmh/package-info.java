/**
 * JMH microbenchmarks. Run them all with {@code ./forkline jmh} (any JMH option works, e.g.
 * {@code ./forkline jmh ForkPause -p dataMiB=16384}), or the cow-pages study with {@code ./forkline bench}.
 */
package io.forkline.bench.jmh;
