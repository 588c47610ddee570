package io.forkline.engine.command;


import java.nio.charset.StandardCharsets;

/** Redis's HELP reply of a container command and its error for a subcommand used wrongly (networking.c). */
public final class SubcommandHelp {

    private SubcommandHelp() {
    }

    /** The header naming the command, {@code lines}, then HELP's own two lines, each a status string. */
    public static void reply(Reply reply, Arguments args, String... lines) {
        reply.array(lines.length + 3);
        reply.simple(upper(args.string(0)) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            reply.simple(line);
        }
        reply.simple("HELP");
        reply.simple("    Prints this help.");
    }

    /** "unknown subcommand or wrong number of arguments for 'sub'. Try COMMAND HELP." */
    public static CommandError syntaxError(Arguments args) {
        int length = Math.min(128, args.length(1));
        String subcommand = new String(args.buffer(), args.offset(1), length, StandardCharsets.UTF_8);
        return CommandError.of("ERR unknown subcommand or wrong number of arguments for '" + subcommand + "'. Try "
                + upper(args.string(0)) + " HELP.");
    }

    private static String upper(String name) {
        return name.toUpperCase(java.util.Locale.ROOT);
    }
}
