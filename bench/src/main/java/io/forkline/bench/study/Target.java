package io.forkline.bench.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Where scenarios run: the embedded forkline server, a Redis process started for the run, or a server the user named. */
public interface Target {

    /** A short name, used for folders and table columns: {@code forkline}, {@code redis}, {@code target}. */
    String name();

    /** What this target is (kind, version, binary, address), for run.json and the report. */
    Map<String, String> describe();

    /**
     * Sets a server up for {@code scenario} with its files under {@code workDir}; throws
     * {@link ScenarioSkipped} with the server's error if the server refuses a setting.
     */
    ServerUnderTest start(Scenario scenario, Path workDir) throws ScenarioSkipped, IOException, InterruptedException;
}
