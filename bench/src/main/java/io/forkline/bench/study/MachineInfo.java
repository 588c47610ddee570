package io.forkline.bench.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a run was measured on: cores, memory, CPU, OS, kernel THP mode, JDK, load average, and the git commit of the code. */
public final class MachineInfo {

    private MachineInfo() {
    }

    public static Map<String, Object> describe(Path sourceDir) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("memory", gibibytes(memTotal()));
        out.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        out.put("os", osRelease() + " (" + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
                + System.getProperty("os.arch") + ")");
        out.put("transparentHugePages", RedisProcess.thpMode());
        out.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        out.put("jvmMaxHeap", gibibytes(Runtime.getRuntime().maxMemory()));
        out.put("loadAverage", loadAverage());
        out.put("git", git(sourceDir));
        return out;
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them, or "unknown". */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static String gibibytes(long bytes) {
        return bytes < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.1f GiB (%d bytes)", bytes / (1024.0 * 1024 * 1024), bytes);
    }

    private static long memTotal() {
        String kib = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        try {
            return Long.parseLong(kib.replaceAll("[^0-9]", "")) * 1024;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String osRelease() {
        String pretty = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME");
        return pretty.replace("\"", "").replaceFirst("^=", "");
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    int at = line.indexOf(':') >= 0 ? line.indexOf(':') : line.indexOf('=');
                    return line.substring(at + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    /** The commit of the source folder (with "+changes" when its tree differs), or "unknown". */
    static String git(Path dir) {
        String commit = run(dir, "git", "rev-parse", "--short=12", "HEAD");
        if (commit.isEmpty()) {
            return "unknown";
        }
        String status = run(dir, "git", "status", "--porcelain", "--untracked-files=no");
        String branch = run(dir, "git", "rev-parse", "--abbrev-ref", "HEAD");
        return commit + (status.isEmpty() ? "" : "+changes") + (branch.isEmpty() ? "" : " (" + branch + ")");
    }

    private static String run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "";
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
