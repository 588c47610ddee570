package io.forkline.bench.study;

import io.forkline.reports.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * When a scenario asks for snapshots during its measured window: the command ({@code BGSAVE}), at
 * {@code firstAtSeconds} into the window and then every {@code everySeconds} (0: once).
 */
public record SnapshotSchedule(String command, double firstAtSeconds, double everySeconds) {

    public SnapshotSchedule {
        if (firstAtSeconds < 0 || everySeconds < 0) {
            throw new IllegalArgumentException("snapshot times must not be negative, got " + firstAtSeconds + ", " + everySeconds);
        }
    }

    /** The offsets (seconds into the window) at which a snapshot is asked for, within {@code windowSeconds}. */
    public double[] offsets(double windowSeconds) {
        if (firstAtSeconds >= windowSeconds) {
            return new double[] {windowSeconds / 3};
        }
        if (everySeconds <= 0) {
            return new double[] {firstAtSeconds};
        }
        int n = (int) Math.floor((windowSeconds - firstAtSeconds - 1e-9) / everySeconds) + 1;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = firstAtSeconds + i * everySeconds;
        }
        return out;
    }

    static SnapshotSchedule fromJson(JsonObject json) {
        json.onlyKnown(Set.of("command", "firstAtSeconds", "everySeconds"));
        return new SnapshotSchedule(json.string("command", "BGSAVE"), json.number("firstAtSeconds", 2),
                json.number("everySeconds", 0));
    }

    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", command);
        out.put("firstAtSeconds", firstAtSeconds);
        out.put("everySeconds", everySeconds);
        return out;
    }
}
