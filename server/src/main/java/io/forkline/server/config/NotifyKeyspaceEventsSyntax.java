package io.forkline.server.config;

import io.forkline.engine.command.Notify;

/** {@code notify-keyspace-events}: class letters in, {@link Notify} flags held, Redis's canonical letters shown. */
final class NotifyKeyspaceEventsSyntax extends SingleArgumentSyntax<Integer> {

    @Override
    public Class<Integer> type() {
        return Integer.class;
    }

    @Override
    Integer parse(String argument) throws InvalidValueException {
        int flags = Notify.parse(argument);
        if (flags < 0) {
            throw new InvalidValueException("must be event class letters from 'Ag$lshzxeKEtmdn', got '" + argument + "'",
                    "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
        }
        return flags;
    }

    @Override
    public String show(Integer value) {
        return Notify.format(value);
    }

    /** Unlike CONFIG GET, a rewritten file keeps 'n' beside 'A', so that the file reads back as the config. */
    @Override
    public String fileForm(Integer value) {
        boolean hiddenNew = (value & Notify.ALL) == Notify.ALL && (value & Notify.NEW) != 0;
        return ArgumentSplitter.quote(Notify.format(value) + (hiddenNew ? "n" : ""));
    }
}
