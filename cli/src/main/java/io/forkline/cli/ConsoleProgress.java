package io.forkline.cli;

import io.forkline.bench.study.StudyProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a study on the console: on a terminal one line redrawn in place with a bar; elsewhere
 * (a pipe, a log file, CI) plain lines, one per step and one every few seconds while measuring.
 */
final class ConsoleProgress implements StudyProgress {

    private static final int BAR = 24;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private String prefix = "";
    private String lastPhase = "";
    private long lastPlain;
    private int drawn;

    ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Whether standard output is a terminal (a redrawn bar) or not (plain lines). */
    static boolean isTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal() && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public synchronized void scenario(int index, int total, String scenario, String target) {
        prefix = String.format(Locale.ROOT, "[%d/%d] %s on %s", index, total, scenario, target);
        lastPhase = "";
        if (!terminal) {
            out.println(prefix);
        }
    }

    @Override
    public synchronized void step(String text) {
        if (terminal) {
            draw(prefix + "  " + text);
        } else {
            out.println("      " + text);
        }
    }

    @Override
    public synchronized void advance(String phase, double done, double total, String rate) {
        if (terminal) {
            double fraction = total > 0 ? Math.min(1, done / total) : 0;
            int filled = (int) Math.round(fraction * BAR);
            String amount = phase.equals("preload") ? String.format(Locale.ROOT, "%3.0f%%", fraction * 100)
                    : String.format(Locale.ROOT, "%4.1f/%.0f s", done, total);
            draw(String.format(Locale.ROOT, "%s  %-8s [%s%s] %s  %s", prefix, phase, "#".repeat(filled), ".".repeat(BAR - filled),
                    amount, rate));
            return;
        }
        long now = System.nanoTime();
        if (!phase.equals(lastPhase) || now - lastPlain >= PLAIN_EVERY_NANOS) {
            out.println(String.format(Locale.ROOT, "      %-8s %s  %s", phase,
                    phase.equals("preload") ? String.format(Locale.ROOT, "%.0f of %.0f requests", done, total)
                            : String.format(Locale.ROOT, "%.1f of %.1f s", done, total), rate));
            lastPhase = phase;
            lastPlain = now;
        }
    }

    @Override
    public synchronized void finished(String outcome) {
        if (terminal) {
            clear();
            out.println(prefix + ": " + outcome);
        } else {
            out.println("      " + outcome);
        }
    }

    @Override
    public synchronized void message(String line) {
        if (terminal) {
            clear();
        }
        out.println(line);
    }

    private void draw(String line) {
        String shown = line.length() > 150 ? line.substring(0, 150) : line;
        out.print("\r" + shown + " ".repeat(Math.max(0, drawn - shown.length())));
        out.flush();
        drawn = shown.length();
    }

    private void clear() {
        if (drawn > 0) {
            out.print("\r" + " ".repeat(drawn) + "\r");
            drawn = 0;
        }
    }
}
