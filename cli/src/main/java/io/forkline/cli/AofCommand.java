package io.forkline.cli;

import io.forkline.aof.tool.AofCheckTool;
import io.forkline.snapshot.storage.FileStorage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code forkline aof}: offline tools for append-only files. */
@Command(name = "aof", mixinStandardHelpOptions = true, description = "Offline tools for append-only files.",
        subcommands = {AofCommand.Check.class, CommandLine.HelpCommand.class})
final class AofCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code forkline aof check PATH [--fix] [--yes]}, as redis-check-aof. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Checks an AOF as redis-check-aof 7.0 does: PATH is a manifest, a directory holding one (appendonlydir), "
                    + "or a single file (a Redis 6 appendonly.aof, a base or an incr). Reports each file's first bad offset and what "
                    + "was expected there. Exit status 0 when valid (or repaired), 1 when not."})
    static final class Check implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PATH", description = "A manifest, an appendonlydir, or one AOF file.")
        Path path;

        @Option(names = "--fix", description = "Truncate a torn or damaged tail of the last file, after asking.")
        boolean fix;

        @Option(names = "--yes", description = "With --fix, do not ask before truncating.")
        boolean yes;

        private final PrintStream out;
        private final InputStream in;

        Check() {
            this(System.out, System.in);
        }

        Check(PrintStream out, InputStream in) {
            this.out = out;
            this.in = in;
        }

        @Override
        public Integer call() {
            try {
                return new AofCheckTool(FileStorage.INSTANCE, out, in).run(path, fix, yes);
            } catch (IOException e) {
                out.println("forkline aof check: " + e.getMessage());
                return 1;
            }
        }
    }
}
