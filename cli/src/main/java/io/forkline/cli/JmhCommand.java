package io.forkline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code forkline jmh [JMH options]}: JMH's own command line over every microbenchmark in forkline. */
@Command(name = "jmh",
        description = {"Runs forkline's JMH microbenchmarks with JMH's own options, e.g. "
                + "'forkline jmh ForkPause -p dataMiB=16384' or 'forkline jmh -l' to list them; 'forkline jmh -h' for JMH's help."})
final class JmhCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "JMH-ARGS", description = "Passed to JMH unchanged.")
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(arguments.toArray(String[]::new));
        return 0;
    }
}
