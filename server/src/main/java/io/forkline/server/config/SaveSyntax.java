package io.forkline.server.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The save directive (Redis's setConfigSaveOption): pairs of seconds (at least 1) and changes (at
 * least 0); {@code save ""} or no pairs disable it. Within one load the first save line replaces the
 * default and later ones add their points, except {@code save ""}, which clears; CONFIG SET
 * replaces. CONFIG REWRITE always writes the points, or {@code save ""}.
 */
final class SaveSyntax implements ValueSyntax<SaveSchedule> {

    private static final String INVALID = "Invalid save parameters";

    @Override
    public Class<SaveSchedule> type() {
        return SaveSchedule.class;
    }

    @Override
    public boolean takesSeveralArguments() {
        return true;
    }

    @Override
    public SaveSchedule parse(List<String> arguments, SaveSchedule current) throws InvalidValueException {
        return new SaveSchedule(points(arguments));
    }

    @Override
    public SaveSchedule parseRepeated(List<String> arguments, SaveSchedule soFar) throws InvalidValueException {
        if (isEmptyString(arguments)) {
            return SaveSchedule.disabled();
        }
        List<SavePoint> all = new ArrayList<>(soFar.points());
        all.addAll(points(arguments));
        return new SaveSchedule(all);
    }

    private static boolean isEmptyString(List<String> arguments) {
        return arguments.size() == 1 && arguments.get(0).isEmpty();
    }

    private static List<SavePoint> points(List<String> arguments) throws InvalidValueException {
        if (isEmptyString(arguments)) {
            return List.of();
        }
        if (arguments.size() % 2 != 0) {
            throw invalid(arguments);
        }
        List<SavePoint> points = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i += 2) {
            long seconds = number(arguments, i, 1, Long.MAX_VALUE);
            long changes = number(arguments, i + 1, 0, Integer.MAX_VALUE);
            points.add(new SavePoint(seconds, (int) changes));
        }
        return points;
    }

    private static long number(List<String> arguments, int index, long min, long max) throws InvalidValueException {
        try {
            long value = Long.parseLong(arguments.get(index));
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw invalid(arguments);
    }

    private static InvalidValueException invalid(List<String> arguments) {
        return new InvalidValueException("must be pairs of <seconds> <changes> (seconds at least 1, changes at least 0)"
                + " or \"\", got '" + String.join(" ", arguments) + "'", INVALID);
    }

    @Override
    public String show(SaveSchedule value) {
        return value.toString();
    }

    @Override
    public List<RewriteLine> rewrite(String name, SaveSchedule value, SaveSchedule defaultValue) {
        if (value.isDisabled()) {
            return List.of(new RewriteLine(name + " \"\"", true));
        }
        return value.points().stream()
                .map(point -> new RewriteLine(name + " " + point.seconds() + " " + point.changes(), true))
                .toList();
    }
}
