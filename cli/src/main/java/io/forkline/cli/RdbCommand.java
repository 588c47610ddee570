package io.forkline.cli;

import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.tool.RdbCheckTool;
import io.forkline.snapshot.tool.RdbDumpTool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code forkline rdb check|dump}: the offline RDB tools of the snapshot module. */
@Command(name = "rdb", mixinStandardHelpOptions = true, description = "Offline tools for RDB files (Redis 1 to 7.2).")
final class RdbCommand implements Runnable {

    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandLine.Model.CommandSpec spec;

    RdbCommand() {
        this(System.out, System.err);
    }

    RdbCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void run() {
        spec.commandLine().usage(err);
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Checks an RDB file as redis-check-rdb does: prints its version, AUX fields and key counts, or the offset "
                    + "of the first error and what was expected there. Exit status 0 when valid, 1 when not.")
    int check(@Parameters(paramLabel = "FILE", description = "The RDB file.") Path file) {
        return RdbCheckTool.check(FileStorage.INSTANCE, file, out, System.currentTimeMillis());
    }

    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Prints every key of an RDB file with its database, type, expire and value: as JSON lines, or as the RESP "
                    + "commands that rebuild it in any Redis-compatible server (redis-cli --pipe).")
    int dump(@Parameters(paramLabel = "FILE", description = "The RDB file.") Path file,
             @Option(names = "--format", defaultValue = "json", paramLabel = "json|resp",
                     description = "json (default) or resp.") String format) {
        RdbDumpTool.Format parsed;
        try {
            parsed = RdbDumpTool.Format.parse(format);
        } catch (IllegalArgumentException unknown) {
            throw new CommandLine.ParameterException(spec.commandLine().getSubcommands().get("dump"), unknown.getMessage());
        }
        return RdbDumpTool.dump(FileStorage.INSTANCE, file, parsed, out, err);
    }
}
