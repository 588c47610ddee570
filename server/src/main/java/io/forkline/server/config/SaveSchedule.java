package io.forkline.server.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The save points of the {@code save} directive, in the order written; none means automatic
 * snapshots are off ({@code save ""}). Redis 7's default is "3600 1 300 100 60 10000".
 */
public record SaveSchedule(List<SavePoint> points) {

    public SaveSchedule {
        points = List.copyOf(points);
    }

    public static SaveSchedule of(SavePoint... points) {
        return new SaveSchedule(List.of(points));
    }

    public static SaveSchedule disabled() {
        return new SaveSchedule(List.of());
    }

    public boolean isDisabled() {
        return points.isEmpty();
    }

    /** As CONFIG GET shows it: "3600 1 300 100", or "" when disabled. */
    @Override
    public String toString() {
        return points.stream().map(point -> point.seconds() + " " + point.changes()).collect(Collectors.joining(" "));
    }
}
