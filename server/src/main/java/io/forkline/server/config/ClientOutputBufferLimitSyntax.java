package io.forkline.server.config;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The client-output-buffer-limit directive (Redis's updateClientOutputBufferLimit): groups of
 * {@code <class> <hard> <soft> <soft-seconds>}, several on one line, class normal, replica (or slave)
 * or pubsub, sizes with memory units. Only the classes named change, and only when every group is
 * valid. CONFIG GET shows bytes and calls the replica class "slave", as Redis 7.0 does; CONFIG
 * REWRITE writes one line per class, with units, and the name "replica".
 */
final class ClientOutputBufferLimitSyntax implements ValueSyntax<ClientOutputBufferLimits> {

    private static final String WRONG_COUNT = "Wrong number of arguments in buffer limit configuration.";
    private static final String BAD_CLASS = "Invalid client class specified in buffer limit configuration.";
    private static final String BAD_LIMIT = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";

    @Override
    public Class<ClientOutputBufferLimits> type() {
        return ClientOutputBufferLimits.class;
    }

    @Override
    public boolean takesSeveralArguments() {
        return true;
    }

    @Override
    public ClientOutputBufferLimits parse(List<String> arguments, ClientOutputBufferLimits current)
            throws InvalidValueException {
        if (arguments.size() % 4 != 0) {
            throw new InvalidValueException("must be groups of <class> <hard> <soft> <soft-seconds>, got "
                    + arguments.size() + " arguments", WRONG_COUNT);
        }
        ClientOutputBufferLimits next = current;
        for (int i = 0; i < arguments.size(); i += 4) {
            next = withGroup(next, arguments.subList(i, i + 4));
        }
        return next;
    }

    private static ClientOutputBufferLimits withGroup(ClientOutputBufferLimits limits, List<String> group)
            throws InvalidValueException {
        String clientClass = group.get(0).toLowerCase(Locale.ROOT);
        ClientOutputBufferLimit limit = limit(group);
        return switch (clientClass) {
            case "normal" -> limits.withNormal(limit);
            case "replica", "slave" -> limits.withReplica(limit);
            case "pubsub" -> limits.withPubsub(limit);
            default -> throw new InvalidValueException("client class must be normal, replica or pubsub, got '"
                    + group.get(0) + "'", BAD_CLASS);
        };
    }

    private static ClientOutputBufferLimit limit(List<String> group) throws InvalidValueException {
        OptionalLong hard = MemoryUnits.parse(group.get(1));
        OptionalLong soft = MemoryUnits.parse(group.get(2));
        long seconds = -1;
        try {
            seconds = Long.parseLong(group.get(3));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (hard.isEmpty() || soft.isEmpty() || seconds < 0) {
            throw new InvalidValueException("limits must be sizes and the seconds a number at least 0, got '"
                    + String.join(" ", group) + "'", BAD_LIMIT);
        }
        return new ClientOutputBufferLimit(hard.getAsLong(), soft.getAsLong(), seconds);
    }

    @Override
    public String show(ClientOutputBufferLimits value) {
        return "normal " + bytes(value.normal()) + " slave " + bytes(value.replica()) + " pubsub " + bytes(value.pubsub());
    }

    private static String bytes(ClientOutputBufferLimit limit) {
        return limit.hardLimitBytes() + " " + limit.softLimitBytes() + " " + limit.softLimitSeconds();
    }

    @Override
    public List<RewriteLine> rewrite(String name, ClientOutputBufferLimits value, ClientOutputBufferLimits defaults) {
        return List.of(
                line(name, "normal", value.normal(), defaults.normal()),
                line(name, "replica", value.replica(), defaults.replica()),
                line(name, "pubsub", value.pubsub(), defaults.pubsub()));
    }

    private static RewriteLine line(String name, String clientClass, ClientOutputBufferLimit limit,
                                    ClientOutputBufferLimit defaultLimit) {
        String text = name + " " + clientClass + " " + MemoryUnits.format(limit.hardLimitBytes()) + " "
                + MemoryUnits.format(limit.softLimitBytes()) + " " + limit.softLimitSeconds();
        return new RewriteLine(text, !limit.equals(defaultLimit));
    }
}
